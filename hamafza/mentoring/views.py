"""Pages of mentoring: a trainer's own pairs (accept, decline, capacity), the coordinator's board
(ranked mentors for a trainee of their district, pairs to approve, waiting and active pairs), a
pair's page with its log, and the directorate's mentoring requirements of the ladder.

Every page first checks the role (403), then finds the pair through the gate (404), then checks
the verb for writes (403); the services check all of it again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hamafza.core.concurrency import parse_version, version_of
from hamafza.core.forms import attach_errors, small_int
from hamafza.mentoring import forms, permissions, selectors, services
from hamafza.mentoring.models import Pair


def _require(check) -> None:
    if not check:
        raise PermissionDenied


def get_pair(request, pk: int) -> Pair:
    _require(permissions.can_use(request.scope))
    pair = selectors.pair_get(scope=request.scope, pk=pk)
    if pair is None:
        raise Http404
    return pair


def _message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_GET
def mine(request):
    scope = request.scope
    _require(permissions.is_trainer(scope))
    found = selectors.my_pairs(scope)
    me = found["me"]
    domains = selectors.my_mentor_domains(scope, me) if me else []
    for row in domains:
        row.version_text = version_of(row.version) if row.version else ""
    return render(request, "mentoring/mine.html", {**found, "mentor_domains": domains})


@login_required
@require_GET
def board(request):
    scope = request.scope
    _require(permissions.can_manage(scope))
    trainee = selectors.trainee_get(scope, small_int(request.GET.get("trainee")))
    domain_id = small_int(request.GET.get("domain"))
    trainee_domains = list(selectors.trainee_domains(scope, trainee)) if trainee else []
    if domain_id not in {td.domain_id for td in trainee_domains}:
        domain_id = None  # the trainee changed: the domain chosen for the last one may not fit
    if trainee and not domain_id and len(trainee_domains) == 1:
        domain_id = trainee_domains[0].domain_id
    candidates = (
        list(selectors.mentor_candidates(scope, trainee=trainee, domain_id=domain_id)[:30])
        if trainee and domain_id
        else []
    )
    return render(
        request,
        "mentoring/board.html",
        {
            **selectors.coordinator_board(scope),
            "trainees": selectors.trainees(scope).order_by("last_name", "first_name")[:500],
            "trainee": trainee,
            "trainee_domains": trainee_domains,
            "domain_id": domain_id,
            "candidates": candidates,
            "can_require": permissions.can_manage_requirements(scope),
        },
    )


@login_required
@require_POST
def propose(request):
    scope = request.scope
    _require(permissions.can_manage(scope))
    trainee_id = small_int(request.POST.get("trainee"))
    domain_id = small_int(request.POST.get("domain"))
    back = reverse("mentoring:board")
    try:
        pair = services.pair_propose(
            scope=scope,
            actor=request.user,
            trainee_id=trainee_id,
            mentor_id=small_int(request.POST.get("mentor")),
            domain_id=domain_id,
        )
    except ValidationError as error:
        _message(request, error)
        if trainee_id and domain_id:
            back += f"?trainee={trainee_id}&domain={domain_id}"
        return redirect(back)
    messages.success(
        request,
        _("Proposed. The mentor and the trainee are asked to accept; the pair starts once both "
          "have and it is approved."),
    )  # fmt: skip
    return redirect(pair.get_absolute_url())


@login_required
@require_GET
def detail(request, pk):
    pair = get_pair(request, pk)
    scope = request.scope
    can_log = permissions.can_log(scope, pair)
    return render(
        request,
        "mentoring/detail.html",
        {
            "pair": pair,
            "entries": selectors.entries(scope, pair),
            "side": permissions.side(scope, pair),
            "can_answer": permissions.can_answer(scope, pair),
            "can_approve": permissions.can_approve(scope, pair) and pair.approved_at is None,
            "can_end": permissions.can_end(scope, pair),
            "can_log": can_log,
            "entry_form": forms.EntryForm(
                sessions=selectors.shared_sessions(scope, pair)[:50] if can_log else ()
            ),
            "reason_form": forms.ReasonForm(),
        },
    )


def _act(request, pair, action, done: str):
    try:
        action()
    except ValidationError as error:
        _message(request, error)
    else:
        messages.success(request, done)
    return redirect(pair.get_absolute_url())


@login_required
@require_POST
def accept(request, pk):
    pair = get_pair(request, pk)
    _require(permissions.side(request.scope, pair))
    return _act(
        request,
        pair,
        lambda: services.pair_accept(scope=request.scope, actor=request.user, pair=pair),
        _("You accepted. The pair starts once the other trainer accepts and it is approved."),
    )


@login_required
@require_POST
def decline(request, pk):
    pair = get_pair(request, pk)
    _require(permissions.side(request.scope, pair))
    return _act(
        request,
        pair,
        lambda: services.pair_decline(
            scope=request.scope,
            actor=request.user,
            pair=pair,
            reason=request.POST.get("reason", "")[:2000],
        ),
        _("You declined the proposal."),
    )


@login_required
@require_POST
def approve(request, pk):
    pair = get_pair(request, pk)
    _require(permissions.manages_trainee(request.scope, pair.trainee))
    return _act(
        request,
        pair,
        lambda: services.pair_approve(scope=request.scope, actor=request.user, pair=pair),
        _("Approved."),
    )


@login_required
@require_POST
def end(request, pk):
    pair = get_pair(request, pk)
    _require(permissions.manages_trainee(request.scope, pair.trainee))
    return _act(
        request,
        pair,
        lambda: services.pair_end(
            scope=request.scope,
            actor=request.user,
            pair=pair,
            reason=request.POST.get("reason", "")[:2000],
            completed=request.POST.get("completed") == "1",
        ),
        _("The pair has ended; both trainers are told."),
    )


@login_required
@require_POST
def log(request, pk):
    pair = get_pair(request, pk)
    scope = request.scope
    _require(permissions.side(scope, pair))
    form = forms.EntryForm(request.POST, sessions=selectors.shared_sessions(scope, pair)[:50])
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_add(
                scope=scope,
                actor=request.user,
                pair=pair,
                kind=data["kind"],
                date=data.get("date"),
                notes=data["notes"],
                session_id=data.get("session"),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The entry was added to the log."))
            return redirect(pair.get_absolute_url())
    messages.error(
        request,
        " ".join(str(e) for errs in form.errors.values() for e in errs)
        or _("The entry was not saved."),
    )
    return redirect(pair.get_absolute_url())


@login_required
@require_POST
def capacity(request):
    scope = request.scope
    _require(permissions.is_trainer(scope))
    try:
        services.capacity_set(
            scope=scope,
            actor=request.user,
            domain_id=small_int(request.POST.get("domain")),
            capacity=small_int(request.POST.get("capacity")),
            expected_updated_at=parse_version(request.POST.get("version")),
        )
    except ValidationError as error:
        _message(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("mentoring:mine")


@login_required
def requirements(request):
    scope = request.scope
    _require(permissions.can_manage_requirements(scope))
    if request.method == "POST":
        typed = (request.POST.get("min_entries") or "").strip()
        min_entries = small_int(typed) if typed else 0
        try:
            if min_entries is None:
                raise ValidationError(_("Write the number of log entries as a whole number."))
            services.requirement_set(
                scope=scope,
                actor=request.user,
                level_id=small_int(request.POST.get("level")),
                min_entries=min_entries,
                expected_updated_at=parse_version(request.POST.get("version")),
            )
        except ValidationError as error:
            _message(request, error)
        else:
            messages.success(request, _("Saved."))
        return redirect("mentoring:requirements")
    rows = [
        (level, req, version_of(req) if req else "")
        for level, req in selectors.requirement_rows(scope)
    ]
    return render(request, "mentoring/requirements.html", {"rows": rows})

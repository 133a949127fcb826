"""Pages of knowledge tests: making one, the codes shown at the session, paper entry, results,
and the public page a participant takes the test on (no account)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hamafza.assessment import forms, observations, selectors, services, stats
from hamafza.assessment import scorecard as scorecards
from hamafza.assessment.models import KnowledgeTest, Phase
from hamafza.assessment.permissions import can_use_tests
from hamafza.core import ratelimit
from hamafza.core.forms import attach_errors, small_int
from hamafza.core.persian import localize_digits
from hamafza.core.qr import qr_svg
from hamafza.core.scoping import scoped
from hamafza.sessions import selectors as session_selectors
from hamafza.trainers.models import Trainer

GRID_ROWS = 25


def _test(request, pk: int) -> KnowledgeTest:
    if not can_use_tests(request.scope):
        raise PermissionDenied
    test = selectors.test_get(scope=request.scope, pk=pk)
    if test is None:
        raise Http404
    return test


@login_required
def test_list(request):
    if not can_use_tests(request.scope):
        raise PermissionDenied
    return render(
        request, "assessment/list.html", {"tests": selectors.test_list(scope=request.scope)[:200]}
    )


@login_required
def test_create(request):
    if not can_use_tests(request.scope):
        raise PermissionDenied
    form = forms.TestForm(request.POST or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            test = services.test_create(
                scope=request.scope,
                actor=request.user,
                session=data["session"],
                post_session=data["post_session"],
                title=data["title"],
                item_count=data["item_count"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(test.get_absolute_url())
    return render(
        request,
        "assessment/form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def test_detail(request, pk):
    test = _test(request, pk)
    phase = request.GET.get("items") if request.GET.get("items") in Phase.values else Phase.POST
    links = []
    for value, label in Phase.choices:
        url = request.build_absolute_uri(
            reverse("assessment:door", args=[services.door_token(test, value)])
        )
        links.append((value, label, url, qr_svg(url)))
    return render(
        request,
        "assessment/detail.html",
        {
            "test": test,
            "figures": selectors.figures(scope=request.scope, test=test, item_phase=phase),
            "links": links,
            "phases": Phase.choices,
        },
    )


@login_required
def paper_grid(request, pk, phase):
    """Paper answer sheets typed in as a grid: one row a participant, one column a question."""
    test = _test(request, pk)
    if phase not in Phase.values:
        raise Http404
    items = selectors.items(test)
    rows = [("", [""] * len(items)) for _ in range(GRID_ROWS)]
    errors = []
    if request.method == "POST":
        rows = [
            (
                request.POST.get(f"code-{i}", ""),
                [request.POST.get(f"cell-{i}-{item.order}", "") for item in items],
            )
            for i in range(GRID_ROWS)
        ]
        try:
            saved = services.grid_save(
                scope=request.scope, actor=request.user, test=test, phase=phase, rows=rows
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(n)s answer sheets were saved.") % {"n": len(saved)})
            return redirect(test.get_absolute_url())
    return render(
        request,
        "assessment/grid.html",
        {
            "test": test,
            "items": items,
            "rows": list(enumerate(rows)),
            "errors": errors,
            "phase_label": Phase(phase).label,
            "blank": services.BLANK,
        },
        status=400 if errors else 200,
    )


@login_required
def paper_scores(request, pk):
    test = _test(request, pk)
    form = forms.ScoresForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.scores_save(
                scope=request.scope, actor=request.user, test=test, rows=form.rows()
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("lines", message)
        else:
            messages.success(request, _("%(n)s scores were saved.") % {"n": len(saved)})
            return redirect(test.get_absolute_url())
    return render(
        request,
        "assessment/scores.html",
        {"test": test, "form": form, "maximum": test.items.count()},
        status=400 if request.method == "POST" else 200,
    )


def door(request, token):
    try:
        taking, personal = services.open_door(token)
    except ValidationError as error:
        return render(request, "assessment/take.html", {"error": error.messages[0]}, status=400)
    if not ratelimit.anonymous_allowed(request, "test", f"{taking.test.pk}:{taking.phase}"):
        return render(
            request,
            "assessment/take.html",
            {"error": _("Too many answers from here in a short time. Try again later.")},
            status=429,
        )
    return redirect("assessment:take", token=personal)


def take(request, token):
    try:
        taking = services.read_sheet_link(token)
    except ValidationError as error:
        status = 409 if request.method == "POST" else 400
        return render(request, "assessment/take.html", {"error": error.messages[0]}, status=status)
    items = selectors.items(taking.test)
    errors = {}
    if request.method == "POST":
        answers = {item.pk: request.POST.get(f"i{item.pk}", "") for item in items}
        try:
            sheet = services.phone_submit(
                taking=taking, code=request.POST.get("code", ""), answers=answers
            )
        except ValidationError as error:
            errors = {k: v[0].messages[0] for k, v in error.error_dict.items()}
        else:
            return render(request, "assessment/take.html", {"done": sheet})
        for item in items:
            item.given = answers.get(item.pk)
            item.error = errors.get(str(item.pk))
    return render(
        request,
        "assessment/take.html",
        {"taking": taking, "items": items, "errors": errors, "code": request.POST.get("code", "")},
        status=400 if errors else 200,
    )


# --- observations -----------------------------------------------------------------------------


@login_required
def rubric_list(request):
    if not observations.can_observe(request.scope):
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        if not observations.can_keep_rubrics(request.scope):
            raise PermissionDenied
        try:
            observations.rubric_create(
                scope=request.scope,
                actor=request.user,
                title=request.POST.get("title", ""),
                lines=request.POST.get("lines", ""),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Saved."))
            return redirect("assessment:rubrics")
    return render(
        request,
        "assessment/rubrics.html",
        {
            "rubrics": observations.rubrics(scope=request.scope),
            "can_keep": observations.can_keep_rubrics(request.scope),
            "errors": errors,
            "sessions": observations.observable_sessions(scope=request.scope)[:50],
        },
        status=400 if errors else 200,
    )


@login_required
def observe(request, session_pk):
    """The observation form, made for a phone: a trainer of the session, a rubric, 0–4 marks."""
    if not observations.can_observe(request.scope):
        raise PermissionDenied
    session = session_selectors.session_get(scope=request.scope, pk=session_pk)
    if session is None or not observations.can_observe(request.scope):
        raise Http404
    rubrics = list(observations.rubrics(scope=request.scope))
    rubric = next((r for r in rubrics if str(r.pk) == request.GET.get("rubric")), None) or (
        rubrics[0] if rubrics else None
    )
    errors = {}
    if request.method == "POST" and rubric is not None:
        trainer = session.trainers.filter(pk=small_int(request.POST.get("trainer"))).first()
        criteria = list(rubric.criteria.all())
        try:
            if trainer is None:
                raise ValidationError({"trainer": _("Choose a trainer of this session.")})
            done = observations.observation_save(
                scope=request.scope,
                actor=request.user,
                session=session,
                trainer=trainer,
                rubric=rubric,
                marks={c.pk: request.POST.get(f"c{c.pk}", "") for c in criteria},
                notes={c.pk: request.POST.get(f"n{c.pk}", "") for c in criteria},
                comments=request.POST.get("comments", ""),
            )
        except ValidationError as error:
            errors = {k: v[0].messages[0] for k, v in error.error_dict.items()}
        else:
            messages.success(
                request,
                _("Observation saved: %(score)s of 100.") % {"score": localize_digits(done.score)},
            )
            if not done.ladder_updated:
                messages.info(
                    request,
                    _(
                        "%(name)s has no record for this domain, so the standards ladder was "
                        "not updated."
                    )
                    % {"name": trainer},
                )
            return redirect("assessment:trainer_observations", trainer_pk=trainer.pk)
    return render(
        request,
        "assessment/observe.html",
        {
            "session": session,
            "rubrics": rubrics,
            "rubric": rubric,
            "trainers": session.trainers.all(),
            "errors": errors,
            "marks": range(observations.MAX_MARK + 1),
            "posted": request.POST,
        },
        status=400 if errors else 200,
    )


@login_required
def trainer_observations(request, trainer_pk):
    """The observations on a trainer's record, with their mean score."""
    trainer = scoped(Trainer.objects.filter(pk=trainer_pk), request.scope).first()
    if trainer is None:
        raise Http404
    if not scorecards.can_view_scorecard(request.scope, trainer):  # as the API and the scorecard
        raise PermissionDenied
    rows = observations.observations_of(scope=request.scope, trainer=trainer)
    return render(
        request,
        "assessment/trainer_observations.html",
        {
            "trainer": trainer,
            "rows": rows,
            "summary": observations.summary(rows),
            "can_scorecard": scorecards.can_view_scorecard(request.scope, trainer),
        },
    )


@login_required
def scorecard(request):
    """The talent shortlist of a domain (directorate)."""
    if not scorecards.can_rank(request.scope):
        raise PermissionDenied
    domains = list(scorecards.domains(scope=request.scope))
    domain = next((d for d in domains if str(d.pk) == request.GET.get("domain")), None) or (
        domains[0] if domains else None
    )
    cards = scorecards.shortlist(scope=request.scope, domain=domain) if domain else []
    support = (
        scorecards.needs_support(scope=request.scope, domain=domain, cards=cards) if domain else []
    )
    return render(
        request,
        "assessment/scorecard.html",
        {
            "domains": domains,
            "domain": domain,
            "cards": cards,
            "support": support,
            "k": stats.SHRINK_K,
        },
    )


@login_required
def trainer_scorecard(request, trainer_pk):
    """One trainer's figures over the last four terms, each beside the domain's median: the
    trainer's own, their district coordinator's and the directorate's to read."""
    if not scorecards.may_view_scorecards(request.scope):
        raise PermissionDenied
    trainer = scoped(Trainer.objects.filter(pk=trainer_pk), request.scope).first()
    if trainer is None or not scorecards.can_view_scorecard(request.scope, trainer):
        raise Http404
    domains = scorecards.scorecard_domains(trainer)
    domain = next((d for d in domains if str(d.pk) == request.GET.get("domain")), None) or (
        domains[0] if domains else None
    )
    rows = scorecards.trends(trainer=trainer, domain=domain) if domain else []
    return render(
        request,
        "assessment/trainer_scorecard.html",
        {"trainer": trainer, "domains": domains, "domain": domain, "rows": rows},
    )


@login_required
def my_scorecard(request):
    trainer = scoped(Trainer.objects.filter(user_id=request.user.pk), request.scope).first()
    if trainer is None:
        raise Http404
    return redirect("assessment:trainer_scorecard", trainer_pk=trainer.pk)

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.agreements import forms, selectors, services
from hamafza.agreements.models import Agreement, Evidence
from hamafza.agreements.permissions import (
    can_manage_agreements,
    can_read_agreements,
    can_record_evidence,
)
from hamafza.core.concurrency import parse_version, version_of
from hamafza.core.forms import attach_errors
from hamafza.core.scoping import scoped
from hamafza.core.uploads import content_type_of


def _readable(request):
    if not can_read_agreements(request.scope):
        raise PermissionDenied


def _agreement(request, pk) -> Agreement:
    _readable(request)
    agreement = selectors.agreement_get(scope=request.scope, pk=pk)
    if agreement is None:
        raise Http404
    return agreement


def _managed(request, pk) -> Agreement:
    if not can_manage_agreements(request.scope):
        raise PermissionDenied
    return _agreement(request, pk)


@login_required
def index(request):
    _readable(request)
    status = request.GET.get("status", "")
    status = status if status in Agreement.Status.values else ""
    return render(
        request,
        "agreements/index.html",
        {
            "agreements": selectors.agreement_rows(scope=request.scope, status=status or None),
            "alerts": selectors.alerts(scope=request.scope),
            "status": status,
            "statuses": Agreement.Status.choices,
            "can_manage": can_manage_agreements(request.scope),
        },
    )


@login_required
def detail(request, pk):
    agreement = _agreement(request, pk)
    data = selectors.ledger(agreement=agreement)
    manage = can_manage_agreements(request.scope) and agreement.editable
    for c in data["commitments"]:
        c.can_record = (
            not c.is_automatic
            and agreement.status != Agreement.Status.DRAFT
            and can_record_evidence(request.scope, c)
        )
    evidence = list(selectors.evidence_of(agreement=agreement))
    for e in evidence:
        e.can_remove = agreement.editable and (
            can_manage_agreements(request.scope)
            or (
                e.recorded_by_id == request.user.pk
                and can_record_evidence(request.scope, e.commitment)
            )
        )
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            **data,
            "clauses": agreement.clauses.all(),
            "evidence": evidence,
            "is_draft": agreement.status == Agreement.Status.DRAFT,
            "can_manage": manage,
            "next_statuses": [
                (s, Agreement.Status(s).label)
                for s in services.TRANSITIONS.get(agreement.status, ())
            ]
            if can_manage_agreements(request.scope)
            else [],
            "can_renew": can_manage_agreements(request.scope)
            and agreement.status in (*selectors.IN_FORCE, Agreement.Status.EXPIRED),
        },
    )


def _form_page(request, form, *, title, agreement=None, cancel=None, multipart=False):
    return render(
        request,
        "agreements/form.html",
        {
            "form": form,
            "title": title,
            "agreement": agreement,
            "cancel": cancel or (agreement.get_absolute_url() if agreement else None),
            "multipart": multipart,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def agreement_form(request, pk=None):
    if not can_manage_agreements(request.scope):
        raise PermissionDenied
    agreement = _agreement(request, pk) if pk is not None else None
    initial = {}
    if agreement is not None:
        initial = {
            "title": agreement.title,
            "number": agreement.number,
            "signed_on": agreement.signed_on,
            "starts_on": agreement.starts_on,
            "ends_on": agreement.ends_on,
            "version": agreement.updated_at.isoformat(),
        }
    form = forms.AgreementForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.agreement_save(
                scope=request.scope,
                actor=request.user,
                agreement=agreement,
                expected_updated_at=(
                    parse_version(form.cleaned_data.get("version")) if agreement else None
                ),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The agreement was saved."))
            return redirect(saved.get_absolute_url())
    title = _("Edit agreement") if agreement else _("New agreement")
    return _form_page(request, form, title=title, agreement=agreement, multipart=True)


@login_required
def document(request, pk):
    """The signed document, for those who may read the agreement (media is never public)."""
    agreement = _agreement(request, pk)
    if not agreement.document:
        raise Http404
    return FileResponse(
        agreement.document.open("rb"),
        filename=agreement.document.name.rsplit("/", 1)[-1],
        content_type=content_type_of(agreement.document.name),
    )


@login_required
def evidence_file(request, pk):
    _readable(request)
    row = scoped(Evidence.objects.filter(pk=pk), request.scope).exclude(file="").first()
    if row is None:
        raise Http404
    return FileResponse(
        row.file.open("rb"),
        filename=row.file.name.rsplit("/", 1)[-1],
        content_type=content_type_of(row.file.name),
    )


def _run(request, agreement, action, done):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


@login_required
@require_POST
def transition(request, pk):
    agreement = _managed(request, pk)
    _run(
        request,
        agreement,
        lambda: services.agreement_transition(
            scope=request.scope,
            actor=request.user,
            agreement=agreement,
            to=request.POST.get("to", ""),
        ),  # fmt: skip
        _("The agreement's status was changed."),
    )
    return redirect(agreement.get_absolute_url())


@login_required
@require_POST
def renew(request, pk):
    agreement = _managed(request, pk)
    try:
        new = services.agreement_renew(scope=request.scope, actor=request.user, agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(agreement.get_absolute_url())
    messages.success(request, _("A draft for the next term was made from this agreement."))
    return redirect(new.get_absolute_url())


@login_required
def party_new(request, pk):
    agreement = _managed(request, pk)
    form = forms.PartyForm(request.POST or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_add(
                scope=request.scope,
                actor=request.user,
                agreement=agreement,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The party was added."))
            return redirect(agreement.get_absolute_url())
    return _form_page(request, form, title=_("Add a party"), agreement=agreement)


@login_required
def clause_new(request, pk, clause_pk=None):
    agreement = _managed(request, pk)
    clause = None
    if clause_pk is not None:
        clause = agreement.clauses.filter(pk=clause_pk).first()
        if clause is None:
            raise Http404
    initial = (
        {"number": clause.number, "text": clause.text, "version": version_of(clause)}
        if clause
        else {"number": agreement.clauses.count() + 1}
    )
    form = forms.ClauseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.clause_save(
                scope=request.scope,
                actor=request.user,
                agreement=agreement,
                clause=clause,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The clause was saved."))
            return redirect(agreement.get_absolute_url())
    title = _("Edit clause") if clause else _("Add a clause")
    return _form_page(request, form, title=title, agreement=agreement)


@login_required
@require_POST
def remove(request, pk, what, item_pk):
    """Take a party, clause or commitment off a draft agreement."""
    agreement = _managed(request, pk)
    rows = {
        "party": (agreement.parties, services.party_remove, "party"),
        "clause": (agreement.clauses, services.clause_remove, "clause"),
        "commitment": (agreement.commitments, services.commitment_remove, "commitment"),
    }
    if what not in rows:
        raise Http404
    manager, service, arg = rows[what]
    row = manager.filter(pk=item_pk).first()
    if row is None:
        raise Http404
    _run(
        request,
        agreement,
        lambda: service(scope=request.scope, actor=request.user, **{arg: row}),
        _("Removed."),
    )
    return redirect(agreement.get_absolute_url())


@login_required
@require_POST
def evidence_remove(request, pk):
    _readable(request)
    evidence = (
        scoped(Evidence.objects.all(), request.scope)
        .filter(commitment__agreement__in=selectors.agreements(scope=request.scope))
        .select_related("commitment__agreement", "commitment__party")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    agreement = evidence.commitment.agreement
    _run(
        request,
        agreement,
        lambda: services.evidence_remove(
            scope=request.scope, actor=request.user, evidence=evidence
        ),
        _("The evidence was withdrawn."),
    )
    return redirect(agreement.get_absolute_url())


@login_required
def commitment_form(request, pk, commitment_pk=None):
    agreement = _managed(request, pk)
    commitment = None
    if commitment_pk is not None:
        commitment = agreement.commitments.filter(pk=commitment_pk).first()
        if commitment is None:
            raise Http404
    initial = {}
    if commitment is not None:
        initial = {
            "clause": commitment.clause_id,
            "party": commitment.party_id,
            "description": commitment.description,
            "target_kind": commitment.target_kind,
            "program": commitment.program_id,
            "plan_line": commitment.plan_line_id,
            "meeting_series": commitment.meeting_series_id,
            "target_count": commitment.target_count,
            "recurrence": commitment.recurrence,
            "due_on": commitment.due_on,
            "version": commitment.updated_at.isoformat(),
        }
    form = forms.CommitmentForm(
        request.POST or None, initial=initial, scope=request.scope, agreement=agreement
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_save(
                scope=request.scope,
                actor=request.user,
                agreement=agreement,
                commitment=commitment,
                expected_updated_at=(
                    parse_version(form.cleaned_data.get("version")) if commitment else None
                ),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The commitment was saved."))
            return redirect(agreement.get_absolute_url())
    title = _("Edit commitment") if commitment else _("Add a commitment")
    return _form_page(request, form, title=title, agreement=agreement)


@login_required
def evidence_new(request, pk):
    _readable(request)
    commitment = selectors.commitment_get(scope=request.scope, pk=pk)
    if commitment is None:
        raise Http404
    if not can_record_evidence(request.scope, commitment):
        raise PermissionDenied
    agreement = commitment.agreement
    form = forms.EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_record(
                scope=request.scope,
                actor=request.user,
                commitment=commitment,
                description=form.cleaned_data["description"],
                done_on=form.cleaned_data["done_on"],
                file=form.cleaned_data.get("file") or None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The evidence was recorded."))
            return redirect(agreement.get_absolute_url())
    return _form_page(
        request, form, title=_("Record evidence"), agreement=agreement, multipart=True
    )

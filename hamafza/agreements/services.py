"""Writes of agreements and the commitment ledger: keyword-only, atomic, permission-checked,
validated with ``full_clean()`` and audited by simple-history."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamafza.agreements import selectors
from hamafza.agreements.models import Agreement, Clause, Commitment, Evidence, Party
from hamafza.agreements.permissions import can_manage_agreements, can_record_evidence
from hamafza.core.concurrency import check_version
from hamafza.core.persian import clean_typed
from hamafza.core.scoping import Scope
from hamafza.core.uploads import DOCUMENT_TYPES, accept_upload

PDF = {"application/pdf"}
MAX_DOCUMENT_BYTES = 10 * 1_048_576
MAX_EVIDENCE_BYTES = 5 * 1_048_576

# status → the statuses it may move to by hand (renewal has its own service)
TRANSITIONS = {
    Agreement.Status.DRAFT: {Agreement.Status.SIGNED},
    Agreement.Status.SIGNED: {Agreement.Status.ACTIVE, Agreement.Status.EXPIRED},
    Agreement.Status.ACTIVE: {Agreement.Status.EXPIRED},
}


def _managed(scope: Scope, agreement: Agreement, *, lock: bool = True) -> Agreement:
    if not can_manage_agreements(scope):
        raise PermissionDenied(_("Only the directorate manages agreements."))
    if agreement.municipality_id != scope.municipality_id:
        raise PermissionDenied(_("This agreement belongs to another municipality."))
    if lock:
        return Agreement.objects.select_for_update().get(pk=agreement.pk)
    return agreement


def _editable(agreement: Agreement) -> None:
    if not agreement.editable:
        raise ValidationError(_("An expired or renewed agreement cannot be changed."))


def _check_document(document) -> None:
    try:
        accept_upload(document, allowed=PDF, max_bytes=MAX_DOCUMENT_BYTES)
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages}) from exc


@transaction.atomic
def agreement_save(
    *,
    scope: Scope,
    actor,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    number: str = "",
    signed_on: dt.date | None = None,
    document=None,
    agreement: Agreement | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Agreement:
    """Create an agreement (a draft) or change one; a change read before someone else's is
    refused."""
    if agreement is None:
        if not can_manage_agreements(scope):
            raise PermissionDenied(_("Only the directorate manages agreements."))
        obj = Agreement(municipality_id=scope.municipality_id)
    else:
        obj = _managed(scope, agreement)
        _editable(obj)
        check_version(obj, expected_updated_at)
    errors = {}
    if not clean_typed(title):
        errors["title"] = _("Write the title of the agreement.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The agreement must end on or after the day it starts.")
    if signed_on and starts_on and signed_on > ends_on:
        errors["signed_on"] = _("The signing date cannot be after the end of the agreement.")
    if errors:
        raise ValidationError(errors)
    if document is not None:
        _check_document(document)
        obj.document = document
    obj.title = clean_typed(title)
    obj.number = clean_typed(number)
    obj.signed_on = signed_on
    obj.starts_on = starts_on
    obj.ends_on = ends_on
    obj.full_clean()
    obj._history_user = actor
    obj.save()
    return obj


@transaction.atomic
def agreement_transition(*, scope: Scope, actor, agreement: Agreement, to: str) -> Agreement:
    """draft → signed → active → expired (a signed agreement may also lapse unstarted)."""
    obj = _managed(scope, agreement)
    if to not in TRANSITIONS.get(obj.status, set()):
        raise ValidationError(
            _("An agreement that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": obj.get_status_display(),
                "to": dict(Agreement.Status.choices).get(to, to),
            }
        )
    if to == Agreement.Status.SIGNED:
        if obj.signed_on is None:
            raise ValidationError(_("Enter the signing date before marking it signed."))
        if not obj.parties.exists():
            raise ValidationError(_("Add the parties before marking it signed."))
    obj.status = to
    obj._history_user = actor
    obj.save()
    return obj


@transaction.atomic
def agreement_renew(*, scope: Scope, actor, agreement: Agreement) -> Agreement:
    """A new draft for the next term (as long as this one, starting the day after it ends) with
    copies of the parties, clauses and commitments; the old one is marked renewed."""
    old = _managed(scope, agreement)
    if old.status not in (*selectors.IN_FORCE, Agreement.Status.EXPIRED):
        raise ValidationError(_("Only a signed, active or expired agreement can be renewed."))
    length = old.ends_on - old.starts_on
    starts = old.ends_on + dt.timedelta(days=1)
    new = Agreement(
        municipality_id=old.municipality_id,
        title=old.title,
        starts_on=starts,
        ends_on=starts + length,
        renewed_from=old,
    )
    new.full_clean()
    new._history_user = actor
    new.save()
    parties = {}
    for party in old.parties.all():
        parties[party.pk] = Party.objects.create(
            municipality_id=old.municipality_id,
            agreement=new,
            kind=party.kind,
            agency_id=party.agency_id,
            name=party.name,
            role=party.role,
        )
    clauses = {}
    for clause in old.clauses.all():
        clauses[clause.pk] = Clause.objects.create(
            municipality_id=old.municipality_id, agreement=new, number=clause.number,
            text=clause.text,
        )  # fmt: skip
    shift = new.starts_on - old.starts_on
    for c in old.commitments.all():
        Commitment.objects.create(
            municipality_id=old.municipality_id,
            agreement=new,
            clause=clauses[c.clause_id],
            party=parties[c.party_id],
            description=c.description,
            target_kind=c.target_kind,
            program_id=c.program_id,
            plan_line_id=c.plan_line_id,
            meeting_series_id=c.meeting_series_id,
            target_count=c.target_count,
            recurrence=c.recurrence,
            due_on=c.due_on + shift if c.due_on else None,
        )
    old.status = Agreement.Status.RENEWED
    old._history_user = actor
    old.save()
    return new


@transaction.atomic
def party_add(
    *, scope: Scope, actor, agreement: Agreement, kind: str, agency_id: int | None = None,
    name: str = "", role: str = "",
) -> Party:  # fmt: skip
    obj = _managed(scope, agreement)
    _editable(obj)
    party = Party(
        municipality_id=obj.municipality_id,
        agreement=obj,
        kind=kind,
        name=clean_typed(name) if kind == Party.Kind.OTHER else "",
        role=clean_typed(role),
    )
    if kind == Party.Kind.AGENCY:
        agency = selectors.agencies_for(scope=scope).filter(pk=agency_id).first()
        if agency is None:
            raise ValidationError({"agency": _("Choose a partner agency of your municipality.")})
        if obj.parties.filter(agency=agency).exists():
            raise ValidationError({"agency": _("This agency is already a party.")})
        party.agency = agency
    elif kind == Party.Kind.OTHER and not party.name:
        raise ValidationError({"name": _("Write the name of the other body.")})
    elif kind == Party.Kind.MUNICIPALITY and obj.parties.filter(kind=kind).exists():
        raise ValidationError({"kind": _("The municipality is already a party.")})
    party.full_clean()
    party.save()
    return party


@transaction.atomic
def clause_save(
    *, scope: Scope, actor, agreement: Agreement, number: int, text: str,
    clause: Clause | None = None, expected_updated_at: dt.datetime | None = None,
) -> Clause:  # fmt: skip
    """Add a clause, or change one's number and text (naming the version it was made on)."""
    obj = _managed(scope, agreement)
    _editable(obj)
    if clause is None:
        clause = Clause(municipality_id=obj.municipality_id, agreement=obj)
    elif clause.agreement_id != obj.pk:
        raise PermissionDenied(_("This clause belongs to another agreement."))
    else:
        clause = Clause.objects.select_for_update().get(pk=clause.pk)
        check_version(clause, expected_updated_at)
    clause.number = number
    clause.text = clean_typed(text)
    if not clause.text:
        raise ValidationError({"text": _("Write the text of the clause.")})
    clause.full_clean()
    clause.save()
    return clause


def _removable(scope: Scope, agreement: Agreement) -> Agreement:
    obj = _managed(scope, agreement)
    _editable(obj)
    if obj.status != Agreement.Status.DRAFT:
        raise ValidationError(
            _("A signed agreement keeps its parties and clauses; renew it to change them.")
        )
    return obj


@transaction.atomic
def party_remove(*, scope: Scope, actor, party: Party) -> None:
    """Take a party off a draft; one with commitments must lose them first."""
    _removable(scope, party.agreement)
    if party.commitments.exists():
        raise ValidationError(_("Remove this party's commitments first."))
    party.delete()


@transaction.atomic
def clause_remove(*, scope: Scope, actor, clause: Clause) -> None:
    """Take a clause off a draft; one with commitments must lose them first."""
    _removable(scope, clause.agreement)
    if clause.commitments.exists():
        raise ValidationError(_("Remove this clause's commitments first."))
    clause.delete()


@transaction.atomic
def commitment_remove(*, scope: Scope, actor, commitment: Commitment) -> None:
    """Take a commitment off a draft (a signed agreement's promises stay; its evidence too)."""
    _removable(scope, commitment.agreement)
    commitment._history_user = actor
    commitment.delete()


@transaction.atomic
def evidence_remove(*, scope: Scope, actor, evidence: Evidence) -> None:
    """Withdraw evidence recorded by mistake: whoever recorded it, or the directorate."""
    commitment = evidence.commitment
    if commitment.municipality_id != scope.municipality_id:
        raise PermissionDenied(_("This evidence belongs to another municipality."))
    if not (
        can_manage_agreements(scope)
        or (evidence.recorded_by_id == scope.user_id and can_record_evidence(scope, commitment))
    ):
        raise PermissionDenied(_("Only whoever recorded it or the directorate may withdraw it."))
    _editable(commitment.agreement)
    evidence._history_user = actor
    evidence.delete()


@transaction.atomic
def commitment_save(
    *,
    scope: Scope,
    actor,
    agreement: Agreement,
    clause_id: int,
    party_id: int,
    description: str,
    target_kind: str = Commitment.TargetKind.NONE,
    program_id: int | None = None,
    plan_line_id: int | None = None,
    meeting_series_id: int | None = None,
    target_count: int = 0,
    recurrence: str = Commitment.Recurrence.NONE,
    due_on: dt.date | None = None,
    commitment: Commitment | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Commitment:
    obj = _managed(scope, agreement)
    _editable(obj)
    errors = {}
    clause = obj.clauses.filter(pk=clause_id).first()
    party = obj.parties.filter(pk=party_id).first()
    if clause is None:
        errors["clause"] = _("Choose a clause of this agreement.")
    if party is None:
        errors["party"] = _("Choose a party of this agreement.")
    if target_kind == Commitment.TargetKind.PROGRAM:
        if not selectors.programs_for(scope=scope).filter(pk=program_id).exists():
            errors["program"] = _("Choose the program whose delivered sessions count.")
    else:
        program_id = None
    if target_kind == Commitment.TargetKind.PLAN_LINE:
        if not selectors.plan_lines_for(scope=scope).filter(pk=plan_line_id).exists():
            errors["plan_line"] = _("Choose the plan line whose delivered sessions count.")
    else:
        plan_line_id = None
    if target_kind == Commitment.TargetKind.MEETINGS:
        if not selectors.meeting_series_for(scope=scope).filter(pk=meeting_series_id).exists():
            errors["meeting_series"] = _("Choose the meeting series whose held meetings count.")
    else:
        meeting_series_id = None
    if target_kind not in Commitment.TargetKind.values:
        errors["target_kind"] = _("Choose a kind of target.")
    if target_kind != Commitment.TargetKind.NONE and target_count < 1:
        errors["target_count"] = _("Enter the count promised (one or more).")
    if due_on and not (obj.starts_on <= due_on <= obj.ends_on):
        errors["due_on"] = _("The due date must fall within the agreement's term.")
    if errors:
        raise ValidationError(errors)
    if commitment is None:
        row = Commitment(municipality_id=obj.municipality_id, agreement=obj)
    else:
        if commitment.agreement_id != obj.pk:
            raise PermissionDenied(_("This commitment belongs to another agreement."))
        row = Commitment.objects.select_for_update().get(pk=commitment.pk)
        check_version(row, expected_updated_at)
    row.clause = clause
    row.party = party
    row.description = clean_typed(description)
    row.target_kind = target_kind
    row.program_id = program_id
    row.plan_line_id = plan_line_id
    row.meeting_series_id = meeting_series_id
    row.target_count = target_count
    row.recurrence = recurrence
    row.due_on = due_on
    row.full_clean()
    row._history_user = actor
    row.save()
    return row


@transaction.atomic
def evidence_record(
    *, scope: Scope, actor, commitment: Commitment, description: str, done_on: dt.date,
    file=None,
) -> Evidence:  # fmt: skip
    """Evidence recorded by hand. Commitments counted from sessions take none: their evidence
    is linked automatically (recording it by hand would count it twice)."""
    if commitment.municipality_id != scope.municipality_id or not can_record_evidence(
        scope, commitment
    ):
        raise PermissionDenied(_("You may record evidence only for your own party's commitments."))
    agreement = commitment.agreement
    if agreement.status == Agreement.Status.DRAFT:
        raise ValidationError(_("The agreement is not signed yet; nothing is due."))
    if commitment.is_automatic:
        raise ValidationError(
            _(
                "This commitment is counted from delivered sessions or held meetings; its evidence "
                "is linked itself."
            )
        )
    errors = {}
    if not clean_typed(description):
        errors["description"] = _("Say what was done.")
    if done_on and not (agreement.starts_on <= done_on <= agreement.ends_on):
        errors["done_on"] = _("The date must fall within the agreement's term.")
    if errors:
        raise ValidationError(errors)
    row = Evidence(
        municipality_id=commitment.municipality_id,
        commitment=commitment,
        description=clean_typed(description),
        done_on=done_on,
        recorded_by=actor,
    )
    if file is not None:
        try:
            accept_upload(file, allowed=DOCUMENT_TYPES, max_bytes=MAX_EVIDENCE_BYTES)
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        row.file = file
    row.full_clean()
    row._history_user = actor
    row.save()
    return row

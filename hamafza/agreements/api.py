"""Agreements through the API: the same selectors and services as the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status

from hamafza.agreements import selectors, services
from hamafza.agreements.models import Commitment, Party
from hamafza.agreements.permissions import can_read_agreements
from hamafza.core.api_schemas import EDIT_ERRORS, ERRORS, SupportedDate, VersionIn, VersionOut

router = Router(tags=["agreements"])


class AgreementOut(VersionOut):
    id: int
    title: str
    number: str
    status: str
    signed_on: dt.date | None
    starts_on: dt.date
    ends_on: dt.date
    renewed_from_id: int | None
    compliance: int | None = Field(None, description="Overall compliance in percent.")
    updated_at: dt.datetime

    @staticmethod
    def resolve_compliance(obj):
        return getattr(obj, "score", None)


class CommitmentOut(Schema):
    id: int
    clause: int = Field(..., alias="clause.number")
    party_id: int
    description: str
    target_kind: str
    program_id: int | None
    plan_line_id: int | None
    meeting_series_id: int | None
    target_count: int
    recurrence: str
    due_on: dt.date | None
    done: int = Field(..., alias="progress.done")
    target: int = Field(..., alias="progress.target")
    expected_so_far: float = Field(..., alias="progress.expected")
    percent: int = Field(..., alias="progress.percent")
    status: str = Field(..., alias="progress.status")


class PartyOut(Schema):
    id: int
    kind: str
    agency_id: int | None
    name: str
    role: str
    compliance: int | None
    commitments: list[CommitmentOut]


class AgreementDetailOut(AgreementOut):
    parties: list[PartyOut]

    @staticmethod
    def resolve_parties(obj):
        return obj.parties_out


class EvidenceIn(Schema):
    description: str = Field(..., min_length=1, max_length=2000)
    done_on: SupportedDate


class EvidenceOut(Schema):
    id: int
    commitment_id: int
    description: str
    done_on: dt.date


def _readable(request):
    if not can_read_agreements(request.scope):
        raise PermissionDenied


@router.get(
    "/agreements", response={200: list[AgreementOut], **ERRORS}, operation_id="agreements_list"
)
def agreements_list(request, status: str | None = None):
    _readable(request)
    return selectors.agreement_rows(scope=request.scope, status=status or None)


@router.get(
    "/agreements/{pk}",
    response={200: AgreementDetailOut, **ERRORS},
    operation_id="agreements_detail",
)
def agreements_detail(request, pk: int):
    _readable(request)
    agreement = selectors.agreement_get(scope=request.scope, pk=pk)
    if agreement is None:
        raise Http404
    data = selectors.ledger(agreement=agreement)
    agreement.score = data["score"]
    agreement.parties_out = [
        {
            "id": row.party.pk,
            "kind": row.party.kind,
            "agency_id": row.party.agency_id,
            "name": str(row.party),
            "role": row.party.role,
            "compliance": row.score,
            "commitments": row.commitments,
        }
        for row in data["parties"]
    ]
    return agreement


@router.post(
    "/commitments/{pk}/evidence",
    response={201: EvidenceOut, **ERRORS},
    operation_id="agreements_evidence_record",
)
def agreements_evidence_record(request, pk: int, payload: EvidenceIn):
    _readable(request)
    commitment = selectors.commitment_get(scope=request.scope, pk=pk)
    if commitment is None:
        raise Http404
    row = services.evidence_record(
        scope=request.scope,
        actor=request.user,
        commitment=commitment,
        description=payload.description,
        done_on=payload.done_on,
    )
    return Status(201, row)


# --- writes (the directorate) -------------------------------------------------------------------


class AgreementIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    number: str = Field("", max_length=60)
    signed_on: SupportedDate | None = None
    starts_on: SupportedDate
    ends_on: SupportedDate


class AgreementUpdateIn(AgreementIn, VersionIn):
    pass


class TransitionIn(Schema):
    to: str


class PartyIn(Schema):
    kind: Party.Kind
    agency_id: int | None = None
    name: str = Field("", max_length=200)
    role: str = Field("", max_length=120)


class PartyCreatedOut(Schema):
    id: int
    kind: str
    agency_id: int | None
    name: str
    role: str


class ClauseIn(Schema):
    number: int = Field(..., ge=1, le=999)
    text: str = Field(..., min_length=1, max_length=4000)


class ClauseOut(Schema):
    id: int
    number: int
    text: str


class CommitmentIn(Schema):
    clause_id: int
    party_id: int
    description: str = Field(..., min_length=1, max_length=2000)
    target_kind: Commitment.TargetKind = Commitment.TargetKind.NONE
    program_id: int | None = None
    plan_line_id: int | None = None
    meeting_series_id: int | None = None
    target_count: int = Field(0, ge=0, le=100_000)
    recurrence: Commitment.Recurrence = Commitment.Recurrence.NONE
    due_on: SupportedDate | None = None


class CommitmentCreatedOut(Schema):
    id: int
    clause_id: int
    party_id: int
    description: str
    target_kind: str
    target_count: int
    recurrence: str
    due_on: dt.date | None


def _agreement(request, pk: int):
    _readable(request)
    agreement = selectors.agreement_get(scope=request.scope, pk=pk)
    if agreement is None:
        raise Http404
    return agreement


@router.post(
    "/agreements", response={201: AgreementOut, **ERRORS}, operation_id="agreements_create"
)
def agreements_create(request, payload: AgreementIn):
    row = services.agreement_save(scope=request.scope, actor=request.user, **payload.dict())
    return Status(201, row)


@router.put(
    "/agreements/{pk}",
    response={200: AgreementOut, **EDIT_ERRORS},
    operation_id="agreements_update",
)
def agreements_update(request, pk: int, payload: AgreementUpdateIn):
    agreement = _agreement(request, pk)
    data = payload.dict(exclude={"version"})
    return services.agreement_save(
        scope=request.scope,
        actor=request.user,
        agreement=agreement,
        expected_updated_at=payload.version,
        **data,
    )


@router.post(
    "/agreements/{pk}/status",
    response={200: AgreementOut, **ERRORS},
    operation_id="agreements_transition",
)
def agreements_transition(request, pk: int, payload: TransitionIn):
    agreement = _agreement(request, pk)
    return services.agreement_transition(
        scope=request.scope, actor=request.user, agreement=agreement, to=payload.to
    )


@router.post(
    "/agreements/{pk}/parties",
    response={201: PartyCreatedOut, **ERRORS},
    operation_id="agreements_party_add",
)
def agreements_party_add(request, pk: int, payload: PartyIn):
    agreement = _agreement(request, pk)
    party = services.party_add(
        scope=request.scope, actor=request.user, agreement=agreement, **payload.dict()
    )
    return Status(
        201,
        {
            "id": party.pk,
            "kind": party.kind,
            "agency_id": party.agency_id,
            "name": str(party),
            "role": party.role,
        },
    )


@router.post(
    "/agreements/{pk}/clauses",
    response={201: ClauseOut, **ERRORS},
    operation_id="agreements_clause_add",
)
def agreements_clause_add(request, pk: int, payload: ClauseIn):
    agreement = _agreement(request, pk)
    clause = services.clause_save(
        scope=request.scope, actor=request.user, agreement=agreement, **payload.dict()
    )
    return Status(201, clause)


@router.post(
    "/agreements/{pk}/commitments",
    response={201: CommitmentCreatedOut, **ERRORS},
    operation_id="agreements_commitment_add",
)
def agreements_commitment_add(request, pk: int, payload: CommitmentIn):
    agreement = _agreement(request, pk)
    row = services.commitment_save(
        scope=request.scope, actor=request.user, agreement=agreement, **payload.dict()
    )
    return Status(201, row)

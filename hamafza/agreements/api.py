"""Agreements through the API: the same selectors and services as the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status

from hamafza.agreements import selectors, services
from hamafza.agreements.permissions import can_read_agreements
from hamafza.core.api_schemas import ERRORS

router = Router(tags=["agreements"])


class AgreementOut(Schema):
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
    done_on: dt.date


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

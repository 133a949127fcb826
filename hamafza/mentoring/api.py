"""Mentoring through the API. The same selectors and services as the pages: a trainer lists and
reads their own pairs, accepts or declines a proposal and writes the log of an active pair; the
coordinator of the trainee's district (or the directorate) proposes, approves and ends; agency
liaisons, schools, volunteers and citizens are refused."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hamafza.core.api_schemas import ERRORS, MAX_ID, Pages, SupportedDate
from hamafza.mentoring import permissions, selectors, services
from hamafza.mentoring.models import LogEntry, Pair

router = Router(tags=["mentoring"])


class PairOut(Schema):
    id: int
    domain_id: int
    domain_name: str
    mentor_id: int
    mentor_name: str
    trainee_id: int
    trainee_name: str
    status: str = Field(..., description="proposed, active, completed, ended or declined")
    mentor_accepted_at: dt.datetime | None
    trainee_accepted_at: dt.datetime | None
    approved_at: dt.datetime | None
    started_at: dt.datetime | None
    closed_at: dt.datetime | None
    reason: str
    log_entries: int

    @staticmethod
    def resolve_domain_name(obj) -> str:
        return str(obj.domain)

    @staticmethod
    def resolve_mentor_name(obj) -> str:
        return str(obj.mentor)

    @staticmethod
    def resolve_trainee_name(obj) -> str:
        return str(obj.trainee)

    @staticmethod
    def resolve_log_entries(obj) -> int:
        count = getattr(obj, "entry_count", None)
        return count if count is not None else obj.entries.count()


class ProposeIn(Schema):
    trainee_id: int = Field(..., ge=1, le=MAX_ID)
    mentor_id: int = Field(..., ge=1, le=MAX_ID)
    domain_id: int = Field(..., ge=1, le=MAX_ID)


class DeclineIn(Schema):
    reason: str = Field("", max_length=2000)


class EndIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000, description="Why the pair ends.")
    completed: bool = Field(
        False,
        description="An active pair whose mentoring is done (its log counts toward the ladder).",
    )


class EntryOut(Schema):
    id: int
    kind: str
    date: dt.date
    session_id: int | None
    notes: str
    author_id: int
    created_at: dt.datetime


class EntryIn(Schema):
    kind: str = Field(..., description="One of: " + ", ".join(LogEntry.Kind.values))
    date: SupportedDate | None = Field(
        None, description="Required except for a co-taught session (the session's date is taken)."
    )
    session_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="A co-taught session: one both trainers taught."
    )
    notes: str = Field(..., min_length=1, max_length=4000)


def _require_use(request) -> None:
    if not permissions.can_use(request.scope):
        raise PermissionDenied


def _pair(request, pk: int) -> Pair:
    _require_use(request)
    pair = selectors.pair_get(scope=request.scope, pk=pk)
    if pair is None:
        raise Http404
    return pair


def _fresh(request, pair: Pair) -> Pair:
    return selectors.pair_get(scope=request.scope, pk=pair.pk)


@router.get("/pairs", response={200: list[PairOut], **ERRORS}, operation_id="mentoring_pairs_list")
@paginate(Pages, page_size=50)
def list_pairs(
    request,
    status: str | None = Query(None, description="proposed, active, completed, ended, declined"),
    domain_id: int | None = Query(None, ge=1, le=MAX_ID),
):
    """Pairs the caller may read: a trainer's own (as mentor or trainee), the pairs of a
    coordinator's district's trainees, every pair for the directorate."""
    _require_use(request)
    return selectors.pairs(
        request.scope,
        status=status if status in Pair.Status.values else None,
        domain_id=domain_id,
    ).order_by("-created_at", "-pk")


@router.get("/pairs/{pk}", response={200: PairOut, **ERRORS}, operation_id="mentoring_pairs_get")
def get_pair(request, pk: int):
    return _pair(request, pk)


@router.post("/pairs", response={201: PairOut, **ERRORS}, operation_id="mentoring_pairs_propose")
def propose_pair(request, payload: ProposeIn):
    """Propose a mentor (a senior or master trainer of the domain with a place left) for a
    trainee of the caller's district; both are told and asked to accept."""
    _require_use(request)
    pair = services.pair_propose(
        scope=request.scope,
        actor=request.user,
        trainee_id=payload.trainee_id,
        mentor_id=payload.mentor_id,
        domain_id=payload.domain_id,
    )
    return Status(201, _fresh(request, pair))


@router.post(
    "/pairs/{pk}/accept", response={200: PairOut, **ERRORS}, operation_id="mentoring_pairs_accept"
)
def accept_pair(request, pk: int):
    """The mentor or the trainee accepts; the last of the two acceptances and the approval
    starts the pair."""
    pair = services.pair_accept(scope=request.scope, actor=request.user, pair=_pair(request, pk))
    return _fresh(request, pair)


@router.post(
    "/pairs/{pk}/decline", response={200: PairOut, **ERRORS}, operation_id="mentoring_pairs_decline"
)
def decline_pair(request, pk: int, payload: DeclineIn):
    pair = services.pair_decline(
        scope=request.scope, actor=request.user, pair=_pair(request, pk), reason=payload.reason
    )
    return _fresh(request, pair)


@router.post(
    "/pairs/{pk}/approve", response={200: PairOut, **ERRORS}, operation_id="mentoring_pairs_approve"
)
def approve_pair(request, pk: int):
    pair = services.pair_approve(scope=request.scope, actor=request.user, pair=_pair(request, pk))
    return _fresh(request, pair)


@router.post(
    "/pairs/{pk}/end", response={200: PairOut, **ERRORS}, operation_id="mentoring_pairs_end"
)
def end_pair(request, pk: int, payload: EndIn):
    pair = services.pair_end(
        scope=request.scope,
        actor=request.user,
        pair=_pair(request, pk),
        reason=payload.reason,
        completed=payload.completed,
    )
    return _fresh(request, pair)


@router.get(
    "/pairs/{pk}/log", response={200: list[EntryOut], **ERRORS}, operation_id="mentoring_log_list"
)
@paginate(Pages, page_size=50)
def list_entries(request, pk: int):
    pair = _pair(request, pk)
    return selectors.entries(request.scope, pair)


@router.post(
    "/pairs/{pk}/log", response={201: EntryOut, **ERRORS}, operation_id="mentoring_log_create"
)
def create_entry(request, pk: int, payload: EntryIn):
    """An entry of an active pair's log, by the mentor or the trainee."""
    entry = services.entry_add(
        scope=request.scope,
        actor=request.user,
        pair=_pair(request, pk),
        kind=payload.kind,
        date=payload.date,
        notes=payload.notes,
        session_id=payload.session_id,
    )
    return Status(201, entry)

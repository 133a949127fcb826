"""Volunteering through the API. The same selectors and services as the pages: a volunteer
lists the published opportunities and their shifts, signs up, withdraws and reads their own
sign-ups; a coordinator (their district) or the directorate reads every state and signs up a
volunteer of their district. Liaisons, trainers, schools and citizens are refused."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hamafza.core.api_schemas import ERRORS, MAX_ID, Pages, SupportedDate
from hamafza.volunteering import permissions, selectors, services

router = Router(tags=["volunteering"])


class OpportunityOut(Schema):
    id: int
    title: str
    description: str
    kind: str = Field(..., description="camp, session, event or campaign")
    status: str = Field(..., description="draft, published or closed")
    district_id: int
    district_name: str
    domain_id: int | None
    camp_id: int | None
    session_id: int | None
    min_age: int | None
    gender: str = Field(..., description="female, male, or empty for anyone")
    skills: list[str]
    certificate: str
    minors_allowed: bool
    published_at: dt.datetime | None

    @staticmethod
    def resolve_district_name(obj) -> str:
        return str(obj.district)


class ShiftOut(Schema):
    id: int
    date: dt.date
    starts: dt.time
    ends: dt.time
    place: str
    role_name: str
    needed: int
    taken: int
    waiting: int


class SignupIn(Schema):
    volunteer_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="A manager names the volunteer; a volunteer omits it."
    )


class SignupOut(Schema):
    id: int
    shift_id: int
    opportunity_id: int
    opportunity_title: str
    date: dt.date
    starts: dt.time
    ends: dt.time
    volunteer_id: int
    status: str = Field(..., description="confirmed, pending_consent, waitlisted or withdrawn")
    waitlist_place: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_opportunity_id(obj) -> int:
        return obj.shift.opportunity_id

    @staticmethod
    def resolve_opportunity_title(obj) -> str:
        return obj.shift.opportunity.title

    @staticmethod
    def resolve_date(obj) -> dt.date:
        return obj.shift.date

    @staticmethod
    def resolve_starts(obj) -> dt.time:
        return obj.shift.starts

    @staticmethod
    def resolve_ends(obj) -> dt.time:
        return obj.shift.ends

    @staticmethod
    def resolve_waitlist_place(obj) -> int | None:
        return selectors.waitlist_place(obj)


def _require_browse(request) -> None:
    if not permissions.can_browse(request.scope):
        raise PermissionDenied


def _opportunity(request, pk: int):
    _require_browse(request)
    row = selectors.opportunity_get(request.scope, pk)
    if row is None:
        raise Http404
    return row


@router.get(
    "/opportunities",
    response={200: list[OpportunityOut], **ERRORS},
    operation_id="volunteering_opportunities_list",
)
@paginate(Pages, page_size=50)
def list_opportunities(
    request,
    district_id: int | None = Query(None, ge=1, le=MAX_ID),
    domain_id: int | None = Query(None, ge=1, le=MAX_ID),
    date: SupportedDate | None = Query(None, description="With a shift that day."),  # noqa: B008
):
    """Published opportunities (a manager's: every state, of their scope)."""
    _require_browse(request)
    return selectors.opportunities(
        request.scope, district_id=district_id, domain_id=domain_id, on=date
    ).order_by("-published_at", "-pk")


@router.get(
    "/opportunities/{pk}",
    response={200: OpportunityOut, **ERRORS},
    operation_id="volunteering_opportunities_get",
)
def get_opportunity(request, pk: int):
    return _opportunity(request, pk)


@router.get(
    "/opportunities/{pk}/shifts",
    response={200: list[ShiftOut], **ERRORS},
    operation_id="volunteering_shifts_list",
)
@paginate(Pages, page_size=50)
def list_shifts(request, pk: int):
    return selectors.shifts_of(request.scope, _opportunity(request, pk))


@router.post(
    "/shifts/{pk}/signup",
    response={201: SignupOut, **ERRORS},
    operation_id="volunteering_signup",
)
def sign_up(request, pk: int, payload: SignupIn):
    """A place on the shift, or the next waitlist place. A minor's place waits for the
    guardian's consent (``pending_consent``); refused with the reason for a clash with another
    shift of the volunteer, a requirement not met, or an opportunity not taking sign-ups."""
    _require_browse(request)
    shift = selectors.shift_get(request.scope, pk)
    if shift is None:
        raise Http404
    row = services.signup_create(
        scope=request.scope, actor=request.user, shift=shift, volunteer_id=payload.volunteer_id
    )
    return Status(201, selectors.signup_get(request.scope, row.pk))


@router.post(
    "/signups/{pk}/withdraw",
    response={200: SignupOut, **ERRORS},
    operation_id="volunteering_withdraw",
)
def withdraw(request, pk: int):
    """Withdraw a sign-up; the first waiting takes a freed place."""
    _require_browse(request)
    row = selectors.signup_get(request.scope, pk)
    if row is None:
        raise Http404
    services.signup_withdraw(scope=request.scope, actor=request.user, signup=row)
    return selectors.signup_get(request.scope, row.pk)


@router.get(
    "/signups/mine",
    response={200: list[SignupOut], **ERRORS},
    operation_id="volunteering_my_signups",
)
@paginate(Pages, page_size=50)
def my_signups(request):
    if not permissions.is_volunteer(request.scope):
        raise PermissionDenied
    return selectors.my_signups(request.scope, selectors.me(request.scope))

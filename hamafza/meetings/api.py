"""Meetings and action items through the API: the same selectors and services as the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from hamafza.core.api_schemas import (
    EDIT_ERRORS,
    ERRORS,
    MAX_ID,
    SupportedDate,
    SupportedDateTime,
    VersionIn,
    VersionOut,
)
from hamafza.meetings import selectors, services
from hamafza.meetings.models import ActionItem
from hamafza.meetings.permissions import can_update_action, can_use_meetings

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    title: str
    series_id: int | None
    district_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_link: str
    status: str
    updated_at: dt.datetime


class InviteeOut(Schema):
    id: int
    user_id: int | None
    name: str
    organisation: str
    agency_id: int | None
    present: bool


class AgendaOut(Schema):
    position: int
    title: str
    carried_action_id: int | None = Field(None, alias="carried_id")


class DecisionOut(Schema):
    number: int
    text: str


class ActionOut(VersionOut):
    id: int
    meeting_id: int
    title: str
    owner_id: int
    due_on: dt.date
    status: str
    note: str
    done_on: dt.date | None


class MeetingDetailOut(MeetingOut):
    minutes: str
    invitees: list[InviteeOut]
    agenda: list[AgendaOut]
    decisions: list[DecisionOut]
    actions: list[ActionOut]


class MeetingIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    starts_at: SupportedDateTime
    ends_at: SupportedDateTime
    place: str = Field("", max_length=200)
    online_link: str = Field("", max_length=200)
    series_id: int | None = None
    district_id: int | None = None
    agenda: list[str] = Field(default_factory=list, max_length=50)


class InviteIn(Schema):
    user_id: int | None = None
    name: str = Field("", max_length=120)
    organisation: str = Field("", max_length=200)
    agency_id: int | None = None


class HoldIn(Schema):
    present: list[int] = Field(..., description="Invitee ids of those present.")
    minutes: str = Field("", max_length=20000)
    version: dt.datetime = Field(..., description="The meeting's `updated_at` as you read it.")


class ActionIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    owner_id: int
    due_on: SupportedDate


class ActionUpdateIn(VersionIn):
    status: ActionItem.Status
    note: str = Field("", max_length=2000)


def _meeting(request, pk: int):
    if not can_use_meetings(request.scope):
        raise PermissionDenied
    meeting = selectors.meeting_get(scope=request.scope, pk=pk)
    if meeting is None:
        raise Http404
    return meeting


def _detail(meeting):
    page = selectors.meeting_page(meeting=meeting)
    return {
        **MeetingOut.from_orm(meeting).dict(),
        "minutes": meeting.minutes,
        "invitees": page["invitees"],
        "agenda": page["agenda"],
        "decisions": page["decisions"],
        "actions": page["actions"],
    }


@router.get("/meetings", response={200: list[MeetingOut], **ERRORS}, operation_id="meetings_list")
def meetings_list(
    request, when: str = "upcoming", series_id: int | None = Query(None, ge=1, le=MAX_ID)
):
    if not can_use_meetings(request.scope):
        raise PermissionDenied
    return list(selectors.meeting_rows(scope=request.scope, when=when, series_id=series_id)[:500])


@router.post("/meetings", response={201: MeetingOut, **ERRORS}, operation_id="meetings_create")
def meetings_create(request, payload: MeetingIn):
    meeting = services.meeting_save(scope=request.scope, actor=request.user, **payload.dict())
    return Status(201, meeting)


@router.get(
    "/meetings/{pk}", response={200: MeetingDetailOut, **ERRORS}, operation_id="meetings_detail"
)
def meetings_detail(request, pk: int):
    return _detail(_meeting(request, pk))


@router.post(
    "/meetings/{pk}/invitees",
    response={201: InviteeOut, **ERRORS},
    operation_id="meetings_invite",
)
def meetings_invite(request, pk: int, payload: InviteIn):
    meeting = _meeting(request, pk)
    row = services.invite(
        scope=request.scope, actor=request.user, meeting=meeting, **payload.dict()
    )
    return Status(201, row)


@router.post(
    "/meetings/{pk}/hold", response={200: MeetingDetailOut, **ERRORS}, operation_id="meetings_hold"
)
def meetings_hold(request, pk: int, payload: HoldIn):
    meeting = _meeting(request, pk)
    held = services.meeting_hold(
        scope=request.scope,
        actor=request.user,
        meeting=meeting,
        present_ids=payload.present,
        minutes=payload.minutes,
        expected_updated_at=payload.version,
    )
    return _detail(held)


@router.post(
    "/meetings/{pk}/actions",
    response={201: ActionOut, **ERRORS},
    operation_id="meetings_action_add",
)
def meetings_action_add(request, pk: int, payload: ActionIn):
    meeting = _meeting(request, pk)
    row = services.action_add(
        scope=request.scope, actor=request.user, meeting=meeting, **payload.dict()
    )
    return Status(201, row)


@router.get(
    "/actions/mine", response={200: list[ActionOut], **ERRORS}, operation_id="meetings_my_actions"
)
def meetings_my_actions(request):
    return list(selectors.my_actions(scope=request.scope))


@router.patch(
    "/actions/{pk}", response={200: ActionOut, **EDIT_ERRORS}, operation_id="meetings_action_update"
)
def meetings_action_update(request, pk: int, payload: ActionUpdateIn):
    item = selectors.action_get(scope=request.scope, pk=pk)
    if item is None:
        raise Http404
    if not can_update_action(request.scope, item):
        raise PermissionDenied
    return services.action_update(
        item=item,
        scope=request.scope,
        actor=request.user,
        status=payload.status,
        note=payload.note,
        expected_updated_at=payload.version,
    )

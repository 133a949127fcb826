"""Sessions through the API: the same selectors and services (and conflict rules) as the pages."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from hamafza.core.api_schemas import (
    ERRORS,
    MAX_ID,
    Pages,
    SupportedDateTime,
    VersionIn,
    VersionOut,
)
from hamafza.sessions import delivery, selectors, services
from hamafza.sessions.permissions import can_schedule, can_view_sessions

router = Router(tags=["sessions"])


class WarningsOut(Schema):
    detail: str
    warnings: list[str] = Field(
        default_factory=list, description="Soft conflicts to confirm; empty for a stale version."
    )


class SessionOut(VersionOut):
    id: int
    program_id: int = Field(..., alias="version.program_id")
    version_number: int = Field(..., alias="version.number")
    lesson_id: int
    domain_id: int
    district_id: int
    school_id: int | None
    class_label: str
    venue_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    trainer_ids: list[int]
    capacity: int | None
    is_public: bool
    status: str
    plan_line_id: int | None
    updated_at: dt.datetime = Field(
        ..., description="Send it back as `version` when changing the session."
    )

    @staticmethod
    def resolve_trainer_ids(obj):
        return [t.pk for t in obj.trainers.all()]


class SessionIn(Schema):
    lesson_id: int = Field(..., ge=1, le=MAX_ID)
    starts_at: SupportedDateTime
    ends_at: SupportedDateTime
    trainer_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        ..., min_length=1, max_length=10
    )
    school_id: int | None = Field(None, ge=1, le=MAX_ID)
    class_label: str = Field("", max_length=40)
    venue_id: int | None = Field(None, ge=1, le=MAX_ID)
    capacity: int | None = Field(None, ge=1, le=5000)
    is_public: bool = False
    repeat_weeks: int = Field(1, ge=1, le=services.MAX_REPEAT)
    confirm_warnings: bool = Field(
        False, description="Save despite soft conflicts (weekly hours, availability)."
    )
    plan_line_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="The plan line it counts toward (default: automatic)."
    )

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        """A time without a zone is Tehran time."""
        return value if timezone.is_aware(value) else timezone.make_aware(value)


class SessionUpdateIn(VersionIn):
    starts_at: SupportedDateTime
    ends_at: SupportedDateTime
    trainer_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(
        ..., min_length=1, max_length=10
    )
    school_id: int | None = Field(None, ge=1, le=MAX_ID)
    class_label: str = Field("", max_length=40)
    venue_id: int | None = Field(None, ge=1, le=MAX_ID)
    capacity: int | None = Field(None, ge=1, le=5000)
    is_public: bool = False
    plan_line_id: int | None = Field(None, ge=1, le=MAX_ID)
    confirm_warnings: bool = False

    @field_validator("starts_at", "ends_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        return SessionIn._aware(value)


class RegistrationOut(Schema):
    id: int
    name: str
    mobile: str
    status: str
    created_at: dt.datetime
    attendance: str | None = Field(None, description="present, late, or null (absent)")

    @staticmethod
    def resolve_attendance(obj):
        mark = getattr(obj, "attendance", None)
        return mark.mark if mark is not None else None


class MarkIn(Schema):
    registration_id: int = Field(..., ge=1, le=MAX_ID)
    mark: str = Field(..., pattern="^(present|late|absent)$")


class CreatedOut(Schema):
    sessions: list[SessionOut]
    skipped_holidays: list[dt.date]


class CancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)


@router.get("/sessions", response={200: list[SessionOut], **ERRORS}, operation_id="sessions_list")
@paginate(Pages, page_size=50)
def sessions_list(
    request,
    district: int | None = Query(None, ge=1, le=MAX_ID),
    status: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
):
    if not can_view_sessions(request.scope):
        raise PermissionDenied
    return selectors.session_list(
        scope=request.scope, district_id=district, status=status, start=start, end=end
    )


@router.get("/sessions/{pk}", response={200: SessionOut, **ERRORS}, operation_id="sessions_get")
def sessions_get(request, pk: int):
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    return session


@router.post(
    "/sessions",
    response={201: CreatedOut, 409: WarningsOut, **ERRORS},
    operation_id="sessions_create",
    description="422 names every hard conflict; 409 lists soft ones (send again with confirm_warnings).",
)
def sessions_create(request, payload: SessionIn):
    try:
        created, skipped = services.session_schedule(
            scope=request.scope, actor=request.user, **payload.dict()
        )
    except services.NeedsConfirmation as needs:
        return Status(409, {"detail": "confirmation needed", "warnings": needs.warnings})
    return Status(201, {"sessions": created, "skipped_holidays": skipped})


@router.post(
    "/sessions/{pk}/cancel", response={200: SessionOut, **ERRORS}, operation_id="sessions_cancel"
)
def sessions_cancel(request, pk: int, payload: CancelIn):
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    return services.session_cancel(
        scope=request.scope, actor=request.user, session=session, reason=payload.reason
    )


@router.put(
    "/sessions/{pk}",
    response={200: SessionOut, 409: WarningsOut, **ERRORS},
    operation_id="sessions_update",
    description="Move a session or change its trainers, place or plan line. 409 when someone "
    "else saved it after `version` (nothing written) or for soft conflicts to confirm (listed in "
    "`warnings`); 422 for a missing `version` or a hard conflict.",
)
def sessions_update(request, pk: int, payload: SessionUpdateIn):
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    data = payload.dict()
    version = data.pop("version")
    try:
        return services.session_update(
            scope=request.scope,
            actor=request.user,
            session=session,
            expected_updated_at=version,
            **data,
        )
    except services.NeedsConfirmation as needs:
        return Status(409, {"detail": "confirmation needed", "warnings": needs.warnings})


@router.post(
    "/sessions/{pk}/confirm", response={200: SessionOut, **ERRORS}, operation_id="sessions_confirm"
)
def sessions_confirm(request, pk: int):
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    return services.session_confirm(scope=request.scope, actor=request.user, session=session)


def _roster_session(request, pk: int):
    """A session whose people the caller may see: its trainers, or schedulers in scope."""
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    if not (selectors.is_session_trainer(request.scope, session) or can_schedule(request.scope)):
        raise PermissionDenied
    return session


@router.get(
    "/sessions/{pk}/registrations",
    response={200: list[RegistrationOut], **ERRORS},
    operation_id="sessions_registrations",
)
def sessions_registrations(request, pk: int):
    session = _roster_session(request, pk)
    return list(session.registrations.select_related("attendance").order_by("created_at", "pk"))


@router.post(
    "/sessions/{pk}/attendance",
    response={200: RegistrationOut, **ERRORS},
    operation_id="sessions_attendance_mark",
    description="The session's trainer marks a registered person present, late or absent.",
)
def sessions_attendance_mark(request, pk: int, payload: MarkIn):
    session = _roster_session(request, pk)
    delivery.roster_mark(
        scope=request.scope,
        session=session,
        registration_id=payload.registration_id,
        mark=payload.mark,
    )
    return session.registrations.select_related("attendance").get(pk=payload.registration_id)

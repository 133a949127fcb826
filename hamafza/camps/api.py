"""Camps through the API: the same selectors (and scope) as the pages. Read-only for now."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from hamafza.camps import selectors
from hamafza.camps.permissions import can_view_camps
from hamafza.core.api_schemas import ERRORS, MAX_ID, Pages

router = Router(tags=["camps"])


class CampOut(Schema):
    id: int
    title: str
    district_id: int
    venue_id: int | None
    place: str
    start_date: dt.date
    end_date: dt.date
    capacity: int
    audience: str
    grade_from: int
    grade_to: int
    status: str
    participant_count: int
    going_count: int
    consent_count: int
    staff_count: int
    session_count: int


class GradeCountOut(Schema):
    grade: int
    girls: int
    boys: int


class StaffOut(Schema):
    role: str
    trainer_id: int | None
    user_id: int | None
    name: str

    @staticmethod
    def resolve_name(obj):
        return str(obj.person)


class CampDetailOut(CampOut):
    description: str
    cancel_reason: str
    session_ids: list[int]
    staff: list[StaffOut]
    girls: int
    boys: int
    by_grade: list[GradeCountOut]

    @staticmethod
    def resolve_session_ids(obj):
        return [link.session_id for link in obj.programme.all()]

    @staticmethod
    def resolve_staff(obj):
        return list(selectors.staff(camp=obj))

    @staticmethod
    def resolve_girls(obj):
        return obj.counts.girls

    @staticmethod
    def resolve_boys(obj):
        return obj.counts.boys

    @staticmethod
    def resolve_by_grade(obj):
        return [{"grade": g, "girls": f, "boys": m} for g, f, m in obj.counts.by_grade]


class ParticipantOut(Schema):
    id: int
    full_name: str
    school_id: int
    grade: int
    gender: str
    status: str
    guardian_name: str
    guardian_mobile: str | None
    consent_given_at: dt.datetime | None
    consent_method: str
    consent_recorded_by_id: int | None

    @staticmethod
    def resolve_guardian_mobile(obj, context):
        # Only the managers and the camp's leader and first aider see guardians' mobiles.
        return obj.guardian_mobile if context["request"].camp_contacts else None


def _camp(request, pk: int):
    if not can_view_camps(request.scope):
        raise PermissionDenied
    camp = selectors.camp_get(scope=request.scope, pk=pk)
    if camp is None:
        raise Http404
    return camp


@router.get("/camps", response={200: list[CampOut], **ERRORS}, operation_id="camps_list")
@paginate(Pages, page_size=50)
def camps_list(
    request,
    when: str | None = Query(None, pattern="^(upcoming|past)$"),
    district: int | None = Query(None, ge=1, le=MAX_ID),
    status: str | None = None,
):
    if not can_view_camps(request.scope):
        raise PermissionDenied
    return selectors.camp_list(scope=request.scope, when=when, district_id=district, status=status)


@router.get("/camps/{pk}", response={200: CampDetailOut, **ERRORS}, operation_id="camps_get")
def camps_get(request, pk: int):
    camp = _camp(request, pk)
    camp.counts = selectors.counts(list(selectors.participants(scope=request.scope, camp=camp)))
    return camp


@router.get(
    "/camps/{pk}/participants",
    response={200: list[ParticipantOut], **ERRORS},
    operation_id="camps_participants",
)
@paginate(Pages, page_size=100)
def camps_participants(request, pk: int):
    camp = _camp(request, pk)
    request.camp_contacts = selectors.can_see_guardian_contacts(request.scope, camp)
    return selectors.participants(scope=request.scope, camp=camp)

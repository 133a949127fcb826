"""The joint plan through the API: the same selectors and services as the pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Router, Schema, Status

from hamafza.core.api_schemas import EDIT_ERRORS, ERRORS, MAX_ID, VersionIn, VersionOut
from hamafza.plans import selectors, services
from hamafza.plans.permissions import can_read_plans

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    year: int
    title: str


class PartOut(Schema):
    id: int
    district_id: int
    district: str = Field(..., alias="district.name")
    status: str
    revision: int
    line_count: int
    sessions_total: int
    participants_total: int
    budget_total: int
    updated_at: dt.datetime


class Targets(Schema):
    sessions: int = Field(0, ge=0, le=100_000)
    participants: int = Field(0, ge=0, le=10_000_000)
    schools_primary: int = Field(0, ge=0, le=10_000)
    schools_lower_secondary: int = Field(0, ge=0, le=10_000)
    schools_upper_secondary: int = Field(0, ge=0, le=10_000)
    budget: int = Field(0, ge=0, le=10**15)


class LineIn(Targets):
    domain_id: int = Field(..., ge=1, le=MAX_ID)
    agency_id: int = Field(..., ge=1, le=MAX_ID)
    quarter: int = Field(..., ge=1, le=4)
    owner_id: int | None = Field(None, ge=1, le=MAX_ID)


class LineUpdateIn(LineIn, VersionIn):
    pass


class ApprovedOut(Schema):
    revision: int
    sessions: int
    participants: int
    schools_primary: int
    schools_lower_secondary: int
    schools_upper_secondary: int
    budget: int


class LineOut(Targets, VersionOut):
    id: int
    domain_id: int
    agency_id: int
    quarter: int
    owner_id: int | None
    updated_at: dt.datetime
    approved: ApprovedOut | None = Field(None, description="The approved figures in force.")
    sessions_linked: int
    sessions_done: int
    present_done: int

    @staticmethod
    def resolve_approved(obj):
        if getattr(obj, "approved_revision", None) is None:
            return None
        return {
            "revision": obj.approved_revision,
            **{f: getattr(obj, f"approved_{f}") for f in services.TARGET_FIELDS},
        }


class StepIn(Schema):
    comment: str = Field("", max_length=2000)


def _part(request, pk: int):
    if not can_read_plans(request.scope):
        raise PermissionDenied
    part = selectors.part_get(scope=request.scope, pk=pk)
    if part is None:
        raise Http404
    return part


@router.get("/plans", response={200: list[PlanOut], **ERRORS}, operation_id="plans_list")
def plans_list(request):
    if not can_read_plans(request.scope):
        raise PermissionDenied
    return list(selectors.plans(scope=request.scope))


@router.get(
    "/plans/{year}/districts",
    response={200: list[PartOut], **ERRORS},
    operation_id="plans_districts",
)
def plans_districts(request, year: int):
    if not can_read_plans(request.scope):
        raise PermissionDenied
    plan = selectors.plan_get(scope=request.scope, year=year)
    if plan is None:
        raise Http404
    return list(selectors.district_parts(scope=request.scope, plan=plan))


@router.get(
    "/districts/{pk}/lines", response={200: list[LineOut], **ERRORS}, operation_id="plans_lines"
)
def plans_lines(request, pk: int):
    part = _part(request, pk)
    return list(selectors.lines(scope=request.scope, part=part))


def _line_out(request, part, line_pk: int):
    return selectors.lines(scope=request.scope, part=part).get(pk=line_pk)


@router.post(
    "/districts/{pk}/lines", response={201: LineOut, **ERRORS}, operation_id="plans_line_create"
)
def plans_line_create(request, pk: int, payload: LineIn):
    part = _part(request, pk)
    data = payload.dict()
    line = services.line_save(
        scope=request.scope,
        actor=request.user,
        district_plan=part,
        domain_id=data.pop("domain_id"),
        agency_id=data.pop("agency_id"),
        quarter=data.pop("quarter"),
        owner_id=data.pop("owner_id"),
        targets=data,
    )
    return Status(201, _line_out(request, part, line.pk))


@router.put(
    "/districts/{pk}/lines/{line_pk}",
    response={200: LineOut, **EDIT_ERRORS},
    operation_id="plans_line_update",
)
def plans_line_update(request, pk: int, line_pk: int, payload: LineUpdateIn):
    part = _part(request, pk)
    line = part.lines.filter(pk=line_pk).first()
    if line is None:
        raise Http404
    data = payload.dict()
    services.line_save(
        scope=request.scope,
        actor=request.user,
        district_plan=part,
        line=line,
        expected_updated_at=data.pop("version"),
        domain_id=data.pop("domain_id"),
        agency_id=data.pop("agency_id"),
        quarter=data.pop("quarter"),
        owner_id=data.pop("owner_id"),
        targets=data,
    )
    return _line_out(request, part, line.pk)


STEPS = {
    "submit": services.plan_submit,
    "approve": services.plan_approve,
    "return": services.plan_return,
    "reopen": services.plan_reopen,
}


@router.post(
    "/districts/{pk}/{step}",
    response={200: PartOut, **ERRORS},
    operation_id="plans_step",
    description="step: submit (district), approve or return (directorate; return needs a "
    "comment), reopen (approved targets open for changes as the next revision; needs a comment).",
)
def plans_step(request, pk: int, step: str, payload: StepIn):
    part = _part(request, pk)
    service = STEPS.get(step)
    if service is None:
        raise Http404
    service(scope=request.scope, actor=request.user, district_plan=part, comment=payload.comment)
    return selectors.district_parts(scope=request.scope, plan=part.plan).get(pk=part.pk)

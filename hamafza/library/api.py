"""The trainers' library through the API. The same selectors and services as the pages: a list
and a resource are what the caller may see (published, their own, the submitted ones they
curate); a trainer creates and submits, a curator publishes or returns, staff rate."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hamafza.catalogue.models import Program
from hamafza.core.api_schemas import ERRORS, MAX_ID, Pages
from hamafza.library import permissions, selectors, services
from hamafza.library.models import ExperienceReport, Resource

router = Router(tags=["library"])


def _one_of(values, default=...):
    return Field(default, description="One of: " + ", ".join(values))


class ResourceOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    domain_id: int
    program_id: int | None
    lesson_id: int | None
    audience: str
    gender: str
    licence: str
    links: list[str]
    status: str
    return_reason: str
    featured: bool
    offered_to_all: bool = Field(description="Offered read-only to every municipality.")
    author_id: int
    author_name: str
    published_at: dt.datetime | None
    downloads: int
    rating_average: float | None = Field(None, description="1 to 5; null before any rating")
    rating_count: int
    used_in_sessions: int
    file_versions: int
    warnings: list[str] = Field(
        default_factory=list,
        description="Things to look at that did not stop the change (a duplicate title).",
    )

    @staticmethod
    def resolve_links(obj) -> list[str]:
        return obj.link_list()

    @staticmethod
    def resolve_author_name(obj) -> str:
        return str(obj.author)

    @staticmethod
    def resolve_downloads(obj) -> int:
        return obj.download_count

    @staticmethod
    def resolve_rating_average(obj):
        value = getattr(obj, "rating_avg", None)
        return round(float(value), 2) if value is not None else None

    @staticmethod
    def resolve_rating_count(obj) -> int:
        return getattr(obj, "rating_count", 0) or 0

    @staticmethod
    def resolve_used_in_sessions(obj) -> int:
        return getattr(obj, "use_count", 0) or 0

    @staticmethod
    def resolve_file_versions(obj) -> int:
        return obj.files.count()

    @staticmethod
    def resolve_warnings(obj) -> list[str]:
        return getattr(obj, "warnings", [])


class ResourceIn(Schema):
    kind: str = _one_of(Resource.Kind.values)
    title: str = Field(..., min_length=1, max_length=200)
    summary: str = Field(..., min_length=1, max_length=10_000)
    domain_id: int = Field(..., ge=1, le=MAX_ID)
    program_id: int | None = Field(None, ge=1, le=MAX_ID)
    lesson_id: int | None = Field(None, ge=1, le=MAX_ID)
    audience: str = _one_of(Program.Audience.values)
    gender: str = _one_of(Program.Gender.values, "any")
    licence: str = _one_of(Resource.Licence.values, "all_rights")
    links: list[str] = Field(default_factory=list, max_length=10, description="Web addresses.")


class ReturnIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000, description="What should change.")


class RatingIn(Schema):
    stars: int = Field(..., description="A whole number from 1 to 5; rating again changes it.")


class RatingOut(Schema):
    stars: int
    rating_average: float
    rating_count: int


def _require_view(request) -> None:
    if not permissions.can_view_library(request.scope):
        raise PermissionDenied


def _resource(request, pk: int) -> Resource:
    _require_view(request)
    resource = selectors.resource_get(scope=request.scope, pk=pk)
    if resource is None:
        raise Http404
    return resource


def _fresh(request, resource: Resource, warnings: list[str] | None = None) -> Resource:
    row = selectors.resource_get(scope=request.scope, pk=resource.pk)
    row.warnings = warnings or []
    return row


@router.get(
    "/resources",
    response={200: list[ResourceOut], **ERRORS},
    operation_id="library_resources_list",
)
@paginate(Pages, page_size=50)
def list_resources(
    request,
    q: str = "",
    kind: str | None = None,
    domain_id: int | None = Query(None, ge=1, le=MAX_ID),
    program_id: int | None = Query(None, ge=1, le=MAX_ID),
    audience: str | None = None,
    licence: str | None = None,
    status: str | None = None,
    mine: bool = False,
    sort: str = Query("recent", description="recent, rating, used, downloads or title"),
):
    """Resources the caller may see: published ones, their own, and the submitted ones of the
    domains they curate. ``q`` finds every spelling (Persian letters, digits, spacing)."""
    _require_view(request)
    return selectors.resource_list(
        scope=request.scope,
        query=q,
        kind=kind,
        domain_id=domain_id,
        program_id=program_id,
        audience=audience,
        licence=licence,
        status=status,
        mine=mine,
        sort=sort,
    )


@router.get(
    "/resources/{pk}", response={200: ResourceOut, **ERRORS}, operation_id="library_resources_get"
)
def get_resource(request, pk: int):
    return _resource(request, pk)


@router.post(
    "/resources", response={201: ResourceOut, **ERRORS}, operation_id="library_resources_create"
)
def create_resource(request, payload: ResourceIn):
    """A trainer's new resource, saved as their draft (files are added on the page). A title
    the program already has is saved, with a warning."""
    _require_view(request)
    data = payload.dict()
    data["links"] = "\n".join(data["links"])
    resource = services.resource_create(scope=request.scope, actor=request.user, data=data)
    same = selectors.duplicates(
        scope=request.scope,
        title=resource.title,
        program_id=resource.program_id,
        exclude_pk=resource.pk,
    )
    warnings = ["duplicate_title"] if same else []
    return Status(201, _fresh(request, resource, warnings))


@router.post(
    "/resources/{pk}/submit",
    response={200: ResourceOut, **ERRORS},
    operation_id="library_resources_submit",
)
def submit_resource(request, pk: int):
    resource = services.resource_submit(
        scope=request.scope, actor=request.user, resource=_resource(request, pk)
    )
    return _fresh(request, resource)


@router.post(
    "/resources/{pk}/publish",
    response={200: ResourceOut, **ERRORS},
    operation_id="library_resources_publish",
)
def publish_resource(request, pk: int):
    resource = services.resource_publish(
        scope=request.scope, actor=request.user, resource=_resource(request, pk)
    )
    return _fresh(request, resource)


@router.post(
    "/resources/{pk}/return",
    response={200: ResourceOut, **ERRORS},
    operation_id="library_resources_return",
)
def return_resource(request, pk: int, payload: ReturnIn):
    resource = services.resource_return(
        scope=request.scope,
        actor=request.user,
        resource=_resource(request, pk),
        reason=payload.reason,
    )
    return _fresh(request, resource)


@router.post(
    "/resources/{pk}/rate",
    response={200: RatingOut, **ERRORS},
    operation_id="library_resources_rate",
)
def rate_resource(request, pk: int, payload: RatingIn):
    resource = _resource(request, pk)
    rating = services.resource_rate(
        scope=request.scope, actor=request.user, resource=resource, stars=payload.stars
    )
    row = selectors.resource_get(scope=request.scope, pk=resource.pk)
    return {
        "stars": rating.stars,
        "rating_average": round(float(row.rating_avg), 2),
        "rating_count": row.rating_count,
    }


class ReportOut(Schema):
    id: int
    session_id: int
    trainer_id: int
    trainer_name: str
    domain_id: int
    program_id: int
    lesson_id: int
    district_id: int
    worked: str
    did_not_work: str
    tips: str
    photos: int = Field(description="How many photos (read on the report's page).")
    helped: int = Field(description="How many people marked “this helped me”.")
    created_at: dt.datetime
    updated_at: dt.datetime = Field(description="The version an edit names.")

    @staticmethod
    def resolve_trainer_name(obj) -> str:
        return str(obj.trainer)

    @staticmethod
    def resolve_photos(obj) -> int:
        return getattr(obj, "photo_count", 0) or 0

    @staticmethod
    def resolve_helped(obj) -> int:
        return getattr(obj, "helped_count", 0) or 0


class ReportIn(Schema):
    session_id: int = Field(..., ge=1, le=MAX_ID, description="A session you delivered.")
    worked: str = Field("", max_length=4000)
    did_not_work: str = Field("", max_length=4000)
    tips: str = Field("", max_length=4000)


class HelpedOut(Schema):
    helped: bool = Field(description="Whether the caller now marks it as having helped them.")
    count: int


def _report(request, pk: int) -> ExperienceReport:
    _require_view(request)
    report = selectors.report_get(scope=request.scope, pk=pk)
    if report is None:
        raise Http404
    return report


@router.get(
    "/reports",
    response={200: list[ReportOut], **ERRORS},
    operation_id="library_reports_list",
)
@paginate(Pages, page_size=50)
def list_reports(
    request,
    domain_id: int | None = Query(None, ge=1, le=MAX_ID),
    program_id: int | None = Query(None, ge=1, le=MAX_ID),
    lesson_id: int | None = Query(None, ge=1, le=MAX_ID),
    mine: bool = False,
):
    """Trainers' experience reports of the sessions they delivered, newest first."""
    _require_view(request)
    return selectors.report_list(
        scope=request.scope,
        domain_id=domain_id,
        program_id=program_id,
        lesson_id=lesson_id,
        mine=mine,
    )


@router.get(
    "/reports/{pk}", response={200: ReportOut, **ERRORS}, operation_id="library_reports_get"
)
def get_report(request, pk: int):
    return _report(request, pk)


@router.post("/reports", response={201: ReportOut, **ERRORS}, operation_id="library_reports_create")
def create_report(request, payload: ReportIn):
    """A trainer's report of a session they delivered (one per session; photos are added on the
    page, where they are checked and stripped of their metadata)."""
    _require_view(request)
    session = selectors.session_for_report(scope=request.scope, pk=payload.session_id)
    if session is None:
        raise PermissionDenied
    data = payload.dict()
    data.pop("session_id")
    report = services.report_create(
        scope=request.scope, actor=request.user, session=session, data=data
    )
    return Status(201, selectors.report_get(scope=request.scope, pk=report.pk))


@router.post(
    "/reports/{pk}/helped",
    response={200: HelpedOut, **ERRORS},
    operation_id="library_reports_helped",
)
def toggle_helped(request, pk: int):
    """Mark "this helped me", or take the mark back (one per person)."""
    marked, count = services.helped_toggle(
        scope=request.scope, actor=request.user, report=_report(request, pk)
    )
    return {"helped": marked, "count": count}

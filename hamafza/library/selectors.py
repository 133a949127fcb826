"""Reads of the trainers' library. Every query passes through the scoping gate, and ``visible``
is the one rule of which resources a person sees: the published ones (every staff role), their
own (a trainer, any status) and the submitted ones of the domains they curate."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.urls import reverse

from hamafza.catalogue.models import Domain, Program
from hamafza.core.persian import dedupe_key, search_terms
from hamafza.core.scoping import MUNICIPALITY_WIDE, Role, Scope, scoped
from hamafza.library.models import (
    Comment,
    ExperienceReport,
    Helped,
    Rating,
    ReportPhoto,
    Resource,
    ResourceFile,
    Use,
)
from hamafza.library.permissions import can_report, can_view_library
from hamafza.sessions.models import Session

SORTS = {
    "recent": ("-published_at", "-updated_at", "-pk"),
    "rating": ("-rating_avg", "-published_at", "-pk"),
    "used": ("-use_count", "-published_at", "-pk"),
    "downloads": ("-download_count", "-published_at", "-pk"),
    "title": ("title", "pk"),
}


def visible(scope: Scope) -> QuerySet[Resource]:
    if not can_view_library(scope):
        return Resource.objects.none()
    rows = scoped(Resource.objects.all(), scope)
    seen = Q(status=Resource.Status.PUBLISHED)
    if scope.role == Role.TRAINER:
        seen |= Q(author__user_id=scope.user_id)
    if scope.role in MUNICIPALITY_WIDE:
        seen |= Q(status=Resource.Status.SUBMITTED)
    elif scope.role == Role.AGENCY_LIAISON and scope.agency_id:
        seen |= Q(status=Resource.Status.SUBMITTED, domain__owner_agency_id=scope.agency_id)
    return rows.filter(seen)


def _with_figures(qs: QuerySet[Resource]) -> QuerySet[Resource]:
    return qs.select_related("domain", "program", "lesson", "author").annotate(
        rating_avg=Avg("ratings__stars"),
        rating_count=Count("ratings", distinct=True),
        use_count=Count("uses", distinct=True),
    )


def search(qs: QuerySet[Resource], query: str | None) -> QuerySet[Resource]:
    """Every folded term of the query in the folded title and summary (``search_text``)."""
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs


def resource_list(
    *,
    scope: Scope,
    query: str | None = None,
    kind: str | None = None,
    domain_id: int | None = None,
    program_id: int | None = None,
    audience: str | None = None,
    licence: str | None = None,
    status: str | None = None,
    featured: bool = False,
    mine: bool = False,
    sort: str = "recent",
) -> QuerySet[Resource]:
    qs = visible(scope)
    if kind:
        qs = qs.filter(kind=kind)
    if domain_id:
        qs = qs.filter(domain_id=domain_id)
    if program_id:
        qs = qs.filter(program_id=program_id)
    if audience:
        qs = qs.filter(audience=audience)
    if licence:
        qs = qs.filter(licence=licence)
    if status:
        qs = qs.filter(status=status)
    if featured:
        qs = qs.filter(featured=True)
    if mine:
        qs = qs.filter(author__user_id=scope.user_id) if scope.user_id else qs.none()
    qs = _with_figures(search(qs, query))
    order = SORTS.get(sort, SORTS["recent"])
    return qs.order_by("-featured", *order) if sort == "recent" else qs.order_by(*order)


def resource_get(*, scope: Scope, pk: int) -> Resource | None:
    """One resource the scope may see, or None (callers answer 404)."""
    return _with_figures(visible(scope).filter(pk=pk)).select_related("reviewed_by").first()


def review_queue(*, scope: Scope) -> QuerySet[Resource]:
    """The submitted resources waiting for this curator, oldest first."""
    if scope.role not in MUNICIPALITY_WIDE and scope.role != Role.AGENCY_LIAISON:
        return Resource.objects.none()
    return _with_figures(visible(scope).filter(status=Resource.Status.SUBMITTED)).order_by(
        "submitted_at", "pk"
    )


def files_of(*, scope: Scope, resource: Resource) -> QuerySet[ResourceFile]:
    """Every version of the resource's file, newest first."""
    return scoped(ResourceFile.objects.filter(resource=resource), scope).select_related(
        "uploaded_by"
    )


def file_get(*, scope: Scope, resource: Resource, number: int | None) -> ResourceFile | None:
    files = files_of(scope=scope, resource=resource)
    return files.first() if number is None else files.filter(number=number).first()


def my_rating(*, scope: Scope, resource: Resource) -> int | None:
    if scope.user_id is None:
        return None
    row = scoped(Rating.objects.filter(resource=resource), scope).filter(user_id=scope.user_id)
    return row.values_list("stars", flat=True).first()


def rating_spread(*, scope: Scope, resource: Resource) -> list[tuple[int, int]]:
    """(stars, how many) from 5 down to 1."""
    counts = dict(
        scoped(Rating.objects.filter(resource=resource), scope)
        .values_list("stars")
        .annotate(n=Count("pk"))
        .values_list("stars", "n")
    )
    return [(stars, counts.get(stars, 0)) for stars in range(5, 0, -1)]


def comments_of(*, scope: Scope, resource: Resource) -> QuerySet[Comment]:
    return scoped(Comment.objects.filter(resource=resource), scope).select_related("author")


def uses_of(*, scope: Scope, resource: Resource) -> QuerySet[Use]:
    return scoped(Use.objects.filter(resource=resource), scope).select_related(
        "session", "session__district", "trainer"
    )


def sessions_to_link(*, scope: Scope, resource: Resource) -> QuerySet[Session]:
    """The sessions the asking trainer delivered and has not linked this resource to yet."""
    if scope.role != Role.TRAINER or scope.user_id is None:
        return Session.objects.none()
    return (
        scoped(Session.objects.all(), scope)
        .filter(trainers__user_id=scope.user_id, status__in=Session.DELIVERED_STATUSES)
        .exclude(library_uses__resource=resource)
        .select_related("district", "lesson")
        .distinct()
        .order_by("-starts_at")
    )


def duplicates(
    *, scope: Scope, title: str, program_id: int | None, exclude_pk: int | None = None
) -> list[Resource]:
    """Resources the person can see with the same title (however spelt: letters, spacing,
    digits) in the same program. A program has a handful of resources, so they are compared
    here rather than kept in a column of their own."""
    if not program_id:
        return []
    key = dedupe_key(title)
    rows = visible(scope).filter(program_id=program_id).select_related("author")
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return [row for row in rows if dedupe_key(row.title) == key]


def domains(*, scope: Scope) -> QuerySet[Domain]:
    return scoped(Domain.objects.all(), scope)


def programs(*, scope: Scope) -> QuerySet[Program]:
    return scoped(Program.objects.select_related("domain"), scope).order_by("title", "pk")


@dataclass
class Panel:
    template: str
    resources: list
    url: str
    reports: list | None = None
    reports_url: str = ""


def program_panel(*, scope: Scope, program: Program) -> Panel | None:
    """What the program page shows of the library (registered in catalogue.PROGRAM_PANELS):
    the published resources made for the program or one of its lessons."""
    if not can_view_library(scope):
        return None
    rows = resource_list(scope=scope, program_id=program.pk, status=Resource.Status.PUBLISHED)
    return Panel(
        template="library/partials/program_panel.html",
        resources=list(rows[:20]),
        url=reverse("library:list") + f"?program={program.pk}",
        reports=list(report_list(scope=scope, program_id=program.pk)[:10]),
        reports_url=reverse("library:reports") + f"?program={program.pk}",
    )


# --- experience reports -----------------------------------------------------------------------


def reports_visible(scope: Scope) -> QuerySet[ExperienceReport]:
    """Every staff role of the municipality reads its trainers' experience reports."""
    if not can_view_library(scope):
        return ExperienceReport.objects.none()
    return scoped(ExperienceReport.objects.all(), scope)


def report_list(
    *,
    scope: Scope,
    domain_id: int | None = None,
    program_id: int | None = None,
    lesson_id: int | None = None,
    mine: bool = False,
) -> QuerySet[ExperienceReport]:
    qs = reports_visible(scope)
    if domain_id:
        qs = qs.filter(domain_id=domain_id)
    if program_id:
        qs = qs.filter(program_id=program_id)
    if lesson_id:
        qs = qs.filter(lesson_id=lesson_id)
    if mine:
        qs = qs.filter(trainer__user_id=scope.user_id) if scope.user_id else qs.none()
    return (
        qs.select_related("program", "lesson", "domain", "district", "trainer", "session")
        .annotate(
            helped_count=Count("helped", distinct=True),
            photo_count=Count("photos", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def report_get(*, scope: Scope, pk: int) -> ExperienceReport | None:
    return report_list(scope=scope).filter(pk=pk).first()


def photos_of(*, scope: Scope, report: ExperienceReport) -> QuerySet[ReportPhoto]:
    return scoped(ReportPhoto.objects.filter(report=report), scope)


def i_found_it_helpful(*, scope: Scope, report: ExperienceReport) -> bool:
    if scope.user_id is None:
        return False
    return (
        scoped(Helped.objects.filter(report=report), scope).filter(user_id=scope.user_id).exists()
    )


def own_report(*, scope: Scope, session: Session) -> ExperienceReport | None:
    """The asking trainer's report of the session, if they wrote one."""
    if scope.role != Role.TRAINER or scope.user_id is None:
        return None
    return reports_visible(scope).filter(session=session, trainer__user_id=scope.user_id).first()


def session_for_report(*, scope: Scope, pk: int) -> Session | None:
    """A session the asking trainer may report on (delivered, one of its trainers), or None."""
    session = (
        scoped(Session.objects.filter(pk=pk), scope)
        .select_related("version__program", "lesson", "district", "school")
        .first()
    )
    return session if session is not None and can_report(scope, session) else None


@dataclass
class SessionPanel:
    template: str
    report: ExperienceReport | None
    create_url: str


def session_panel(*, scope: Scope, session: Session) -> SessionPanel | None:
    """What a delivered session's page shows its trainer (registered in
    sessions.selectors.SESSION_PANELS): a link to write their experience report, or to it."""
    if not can_report(scope, session):
        return None
    return SessionPanel(
        template="library/partials/session_panel.html",
        report=own_report(scope=scope, session=session),
        create_url=reverse("library:report_create", kwargs={"session_pk": session.pk}),
    )


# --- across municipalities --------------------------------------------------------------------


def offered_elsewhere(scope: Scope) -> QuerySet[Resource]:
    """The resources other municipalities offer to every municipality on the platform: published,
    offered and under an open licence, never the caller's own municipality's.

    This is the one read of the platform that crosses tenants, and so it bypasses the scoping
    gate on purpose: an offer is the author's (or a curator's) decision to publish a resource
    under a Creative Commons licence to the whole platform. It returns resources only (their
    files are read through a resource it returned); nothing else of the other municipality
    (comments, ratings, drafts, other resources, people) is reachable from here, and the shared
    pages and downloads read through this function alone."""
    if not can_view_library(scope) or scope.municipality_id is None:
        return Resource.objects.none()
    return (
        Resource.objects.filter(
            status=Resource.Status.PUBLISHED,
            offered_to_all=True,
            licence__in=Resource.OPEN_LICENCES,
        )
        .exclude(municipality_id=scope.municipality_id)
        .select_related("domain", "author", "municipality")
        .order_by("-offered_at", "-pk")
    )


def shared_list(
    *, scope: Scope, query: str | None = None, kind: str | None = None
) -> QuerySet[Resource]:
    qs = search(offered_elsewhere(scope), query)
    return qs.filter(kind=kind) if kind else qs


def shared_get(*, scope: Scope, pk: int) -> Resource | None:
    return offered_elsewhere(scope).filter(pk=pk).first()


def shared_files(*, resource: Resource) -> QuerySet[ResourceFile]:
    """The files of a resource ``offered_elsewhere`` returned (only those)."""
    return ResourceFile.objects.filter(resource=resource)


def photo_get(*, scope: Scope, pk: int) -> ReportPhoto | None:
    """A photo of a report the scope may read."""
    return scoped(
        ReportPhoto.objects.filter(pk=pk, report__in=reports_visible(scope)), scope
    ).first()

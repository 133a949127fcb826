"""Reads of the trainers' library. Every query passes through the scoping gate, and ``visible``
is the one rule of which resources a person sees: the published ones (every staff role), their
own (a trainer, any status) and the submitted ones of the domains they curate."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.urls import reverse

from hamafza.catalogue.models import Domain, Program
from hamafza.core.persian import dedupe_key, search_terms
from hamafza.core.scoping import MUNICIPALITY_WIDE, Role, Scope, scoped
from hamafza.library.models import Comment, Rating, Resource, ResourceFile, Use
from hamafza.library.permissions import can_view_library
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
    )

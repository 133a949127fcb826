"""Reads of organisation records. Every query passes through the scoping gate."""

from django.db.models import Count, QuerySet

from hamafza.core.persian import search_terms
from hamafza.core.scoping import Scope, scoped
from hamafza.org.models import (
    Agency,
    District,
    Membership,
    Municipality,
    Neighbourhood,
    School,
    Venue,
)

ENTITY_MODELS = {
    "district": District,
    "neighbourhood": Neighbourhood,
    "agency": Agency,
    "school": School,
    "venue": Venue,
}


def _search(qs: QuerySet, query: str | None) -> QuerySet:
    for term in search_terms(query):
        qs = qs.filter(search_text__contains=term)
    return qs


def district_list(*, scope: Scope, query: str | None = None) -> QuerySet[District]:
    qs = scoped(District.objects.all(), scope).annotate(
        school_count=Count("schools", distinct=True)
    )
    return _search(qs, query).order_by("number")


def neighbourhood_list(
    *, scope: Scope, query: str | None = None, district_id: int | None = None
) -> QuerySet[Neighbourhood]:
    qs = scoped(Neighbourhood.objects.select_related("district"), scope)
    if district_id:
        qs = qs.filter(district_id=district_id)
    return _search(qs, query)


def agency_list(*, scope: Scope, query: str | None = None) -> QuerySet[Agency]:
    return _search(scoped(Agency.objects.all(), scope), query)


def school_list(
    *,
    scope: Scope,
    query: str | None = None,
    district_id: int | None = None,
    stage: str | None = None,
    gender: str | None = None,
) -> QuerySet[School]:
    qs = scoped(School.objects.select_related("district", "neighbourhood"), scope)
    if district_id:
        qs = qs.filter(district_id=district_id)
    if stage:
        qs = qs.filter(stage=stage)
    if gender:
        qs = qs.filter(gender=gender)
    return _search(qs, query)


def venue_list(
    *, scope: Scope, query: str | None = None, district_id: int | None = None
) -> QuerySet[Venue]:
    qs = scoped(Venue.objects.select_related("district", "neighbourhood"), scope)
    if district_id:
        qs = qs.filter(district_id=district_id)
    return _search(qs, query)


LISTS = {
    "district": district_list,
    "neighbourhood": neighbourhood_list,
    "agency": agency_list,
    "school": school_list,
    "venue": venue_list,
}


def entity_get(*, scope: Scope, entity: str, pk: int):
    """One record the scope may see, or None (callers answer 404)."""
    return scoped(ENTITY_MODELS[entity].objects.all(), scope).filter(pk=pk).first()


def municipality_of(scope: Scope) -> Municipality | None:
    return Municipality.objects.filter(pk=scope.municipality_id).first()


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True).select_related(
        "municipality", "district", "agency", "school"
    )


def municipalities_for_platform_admin() -> QuerySet[Municipality]:
    return Municipality.objects.all()

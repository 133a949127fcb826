"""The trainers' common room: the one search over resources, experience reports and questions,
and what the directorate sees of the community."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hamafza.catalogue.models import Program
from hamafza.community import selectors
from hamafza.core.forms import small_int
from hamafza.library.models import Resource
from hamafza.library.permissions import can_view_library
from hamafza.library.selectors import domains, programs
from hamafza.org.selectors import district_list
from hamafza.search import registry
from hamafza.search import selectors as search


def _require_reader(request) -> None:
    if not can_view_library(request.scope):
        raise PermissionDenied


def _choice(value, allowed) -> str:
    return value if value in allowed else ""


def search_filters(get) -> dict:
    """The search's filters from a query string; anything unknown is ignored."""
    return {
        "kind": _choice(get.get("kind"), registry.KINDS),
        "resource_kind": _choice(get.get("resource_kind"), Resource.Kind.values),
        "domain": small_int(get.get("domain")),
        "program": small_int(get.get("program")),
        "audience": _choice(get.get("audience"), Program.Audience.values),
        "district": small_int(get.get("district")),
        "licence": _choice(get.get("licence"), Resource.Licence.values),
    }


@login_required
@require_GET
def search_page(request):
    _require_reader(request)
    get, scope = request.GET, request.scope
    sort = _choice(get.get("sort"), search.SORTS) or "relevance"
    results = search.search(
        scope,
        get.get("q", "")[:200],
        filters=search_filters(get),
        sort=sort,
        page=small_int(get.get("page")) or 1,
    )
    context = {
        "results": results,
        "page": results,
        "query": get.get("q", ""),
        "sort": sort,
        "kinds": [(k.key, k.label) for k in registry.KINDS.values()],
        "resource_kinds": Resource.Kind.choices,
        "audiences": Program.Audience.choices,
        "licences": Resource.Licence.choices,
        "domains": domains(scope=scope),
        "programs": programs(scope=scope),
        "districts": district_list(scope=scope),
        "sorts": search.SORT_LABELS,
    }
    template = "community/partials/search_results.html" if request.htmx else "community/search.html"
    return render(request, template, context)


@login_required
@require_GET
def home(request):
    """The common room: one search box, what is new, what waits."""
    _require_reader(request)
    scope = request.scope
    context = {
        **selectors.recent(scope=scope),
        "kinds": [(k.key, k.label) for k in registry.KINDS.values()],
        "can_overview": selectors.can_see_overview(scope),
    }
    return render(request, "community/home.html", context)


@login_required
@require_GET
def overview(request):
    if not selectors.can_see_overview(request.scope):
        raise PermissionDenied
    return render(
        request, "community/overview.html", {"o": selectors.overview(scope=request.scope)}
    )

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from hamafza.org import selectors as org_selectors
from hamafza.org.permissions import can_view

# Panels of the home page from the capabilities above core: callables (scope, user) → a dict with
# the ``template`` that renders it (given as ``panel``), or None when it has nothing for them.
HOME_PANELS: list = []


def home_panels(scope, user) -> list[dict]:
    return [p for p in (panel(scope, user) for panel in HOME_PANELS) if p]


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
def home(request):
    scope = request.scope
    counts = []
    if can_view(scope, "school"):
        for key, label_list in (
            ("district", "org:district_list"),
            ("school", "org:school_list"),
            ("venue", "org:venue_list"),
            ("agency", "org:agency_list"),
        ):
            qs = org_selectors.LISTS[key](scope=scope)
            counts.append(
                (org_selectors.ENTITY_MODELS[key]._meta.verbose_name_plural, qs.count(), label_list)
            )
    return render(
        request,
        "core/home.html",
        {
            "municipality": org_selectors.municipality_of(scope),
            "counts": counts,
            "panels": home_panels(scope, request.user),
        },
    )

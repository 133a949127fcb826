"""Pages of the research capability: program effectiveness and the anonymised research export.
Thin: a permission check, one selector, a page or a file."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hamafza.research import datasets
from hamafza.research.effectiveness import MIN_PAIRS, SORTS
from hamafza.research.effectiveness import effectiveness as report_for
from hamafza.research.permissions import can_export_research, can_read_effectiveness


@login_required
def effectiveness(request):
    if not can_read_effectiveness(request.scope):
        raise PermissionDenied
    sort = request.GET.get("sort", "program")
    if sort not in SORTS:
        sort = "program"
    report = report_for(scope=request.scope, sort=sort)
    return render(
        request,
        "research/effectiveness.html",
        {"report": report, "sort": sort, "min_pairs": MIN_PAIRS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def export(request):
    """GET: what the export holds; POST: the zip, made while the request waits (modest sizes)."""
    if not can_export_research(request.scope):
        raise PermissionDenied
    if request.method == "POST":
        content = datasets.build_zip(scope=request.scope)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="research-{stamp}.zip"'
        return response
    return render(
        request,
        "research/export.html",
        {"tables": datasets.TABLES, "min_cell": datasets.MIN_CELL},
    )

"""The dashboard as a PDF report: the same period and filters as the page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import translation

from hamafza.monitoring import report
from hamafza.monitoring.views import _figures
from hamafza.org.models import Municipality


@login_required
def report_pdf(request):
    period, filters, _rows, board, _lines = _figures(request)
    language = (translation.get_language() or "fa")[:2]
    context = report.report_context(
        scope=request.scope,
        period=period,
        filters=filters,
        municipality=_municipality(request),
        league=board,
    )
    response = HttpResponse(
        report.report_pdf(context, language=language), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="plan-vs-actual.pdf"'
    return response


def _municipality(request):
    return Municipality.objects.filter(pk=request.scope.municipality_id).first()

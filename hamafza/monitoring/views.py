"""The plan-vs-actual dashboard and the JSON its charts read. Thin: parse the period and filters,
call the selector."""

from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from openpyxl import Workbook

from hamafza.catalogue.models import Domain
from hamafza.core import jalali, sheets
from hamafza.core.forms import small_int
from hamafza.core.persian import localize_digits, to_latin_digits
from hamafza.core.scoping import MUNICIPALITY_READERS, MUNICIPALITY_WIDE, scoped
from hamafza.core.templatetags.hamafza import num
from hamafza.monitoring import selectors
from hamafza.monitoring.permissions import can_view_monitoring, can_view_trainer, sees_league
from hamafza.org.models import Agency, District
from hamafza.plans.selectors import current_year
from hamafza.trainers.models import Trainer

PERIODS = ("year", "quarter", "month", "range")


def _ym(text: str | None) -> tuple[int, int] | None:
    try:
        year, month = (int(p) for p in to_latin_digits(text or "").split("/"))
    except ValueError:
        return None
    return (year, month) if 1390 <= year <= 1500 and 1 <= month <= 12 else None


def parse_period(params) -> selectors.Period:
    year = small_int(params.get("year")) or current_year()
    if not 1390 <= year <= 1500:
        year = current_year()
    kind = params.get("period") if params.get("period") in PERIODS else "year"
    if kind == "quarter":
        q = small_int(params.get("quarter")) or 1
        return selectors.Period.quarter(year, min(max(q, 1), 4))
    if kind == "month":
        m = small_int(params.get("month")) or 1
        return selectors.Period.month(year, min(max(m, 1), 12))
    if kind == "range":
        start, end = _ym(params.get("from")), _ym(params.get("to"))
        if start and end and start <= end:
            return selectors.Period(*start, *end)
    return selectors.Period.year(year)


def parse_filters(params) -> selectors.Filters:
    return selectors.Filters(
        district_id=small_int(params.get("district")),
        domain_id=small_int(params.get("domain")),
        agency_id=small_int(params.get("agency")),
        program_id=small_int(params.get("program")),
    )


class Figures(NamedTuple):
    period: selectors.Period
    filters: selectors.Filters
    rows: list
    board: list
    lines: list


def _figures(request) -> Figures:
    if not can_view_monitoring(request.scope):
        raise PermissionDenied
    period, filters = parse_period(request.GET), parse_filters(request.GET)
    # the approved targets are read once and shared by the table, the trend and the alerts
    lines = selectors.target_lines(scope=request.scope, period=period, filters=filters)
    rows = selectors.plan_vs_actual(
        scope=request.scope, period=period, filters=filters, lines=lines
    )
    board = selectors.league(rows, period) if sees_league(request.scope) else []
    return Figures(period, filters, rows, board, lines)


def _figure_cells(r: selectors.Row) -> tuple[str, ...]:
    """A row's ten figures as the table shows them: whole numbers in the active language's digits
    with its thousands separator (the ``num`` filter), targets rounded."""
    return tuple(
        num(round(v))
        for v in (
            r.actual["delivered"], r.actual["verified"], r.target_sessions, r.actual["planned"],
            r.actual["cancelled"], r.actual["participants"], r.target_participants,
            r.actual["registrations"], r.schools, r.target_schools,
        )
    )  # fmt: skip


def _table(rows: list[selectors.Row], total: selectors.Row) -> tuple[str, str]:
    """The district × domain table's body (up to 22 × 7 rows) and its total row, formatted in one
    pass; the template engine would resolve and filter each of those cells one by one."""
    cells = "<td>{}</td>" * 10
    body = format_html_join(
        "\n",
        '<tr><th scope="row">{}</th><td>{}</td>' + cells + "</tr>",
        ((r.district, r.domain, *_figure_cells(r)) for r in rows),
    )
    foot = format_html(
        '<tr class="fw-bold"><th scope="row" colspan="2">{}</th>' + cells + "</tr>",
        total.district,
        *_figure_cells(total),
    )
    return body, foot


@login_required
def dashboard(request):
    period, filters, rows, board, lines = _figures(request)
    scope = request.scope
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "period": period,
            "rows": rows,
            "table": _table(rows, selectors.totals(rows)),
            "league": board,
            "alerts": selectors.alerts(scope=scope, period=period, rows=rows),
            "lagging_lines": selectors.lines_lagging(
                scope=scope,
                period=period,
                lines=None if filters != selectors.Filters() else lines,
            ),
            "trend": selectors.trend(scope=scope, period=period, filters=filters, lines=lines),
            "coverage": selectors.coverage(scope=scope, period=period, filters=filters),
            "share": round(100 * period.elapsed_share()),
            "districts": scoped(District.objects.all(), scope)
            if scope.role in MUNICIPALITY_READERS
            else [],
            "domains": scoped(Domain.objects.all(), scope),
            "agencies": scoped(Agency.objects.all(), scope)
            if scope.role in MUNICIPALITY_WIDE
            else [],
            "periods": (
                ("year", _("Year")),
                ("quarter", _("Quarter")),
                ("month", _("Month")),
                ("range", _("Custom range")),
            ),
            "kind": period.kind,
            "year": period.year_from,
        },
    )


@login_required
def data(request):
    """What the dashboard's charts read: the rows, the league and the month-by-month trend
    (school coverage, a table only, is on the page and in the API)."""
    period, filters, rows, board, lines = _figures(request)
    # Chart labels are read by a person: district names in the page's digits.
    board = [{**d, "district": localize_digits(d["district"])} for d in board]
    return JsonResponse(
        {
            "period": {
                "label": period.label(),
                "from": f"{period.year_from}/{period.month_from:02d}",
                "to": f"{period.year_to}/{period.month_to:02d}",
                "elapsed_share": round(period.elapsed_share(), 3),
            },
            "rows": [r.as_dict() for r in rows],
            "league": board,
            "trend": selectors.trend(
                scope=request.scope, period=period, filters=filters, lines=lines
            ),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
def export(request):
    """The dashboard's table as an Excel workbook: right-to-left in Persian, the period in Jalali."""
    period, filters, rows, board, lines = _figures(request)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Plan vs actual")[:31]
    sheets.rtl(sheet)
    sheet.append(sheets.row([_("Plan vs actual"), sheets.label(period.label())]))
    sheet.append(sheets.row([_("Exported"), jalali.format_datetime(timezone.now())]))
    sheet.append(
        sheets.row([
            _("District"), _("Domain"), _("Sessions delivered"), _("of them verified"),
            _("Sessions target"), _("Planned"), _("Cancelled"), _("Participants"),
            _("Participants target"), _("Registrations"), _("Schools reached"),
            _("Schools target"),
        ])
    )  # fmt: skip
    for r in rows:
        sheet.append(
            [
                sheets.label(r.district), sheets.label(r.domain), r.actual["delivered"], r.actual["verified"],
                round(r.target_sessions), r.actual["planned"], r.actual["cancelled"],
                r.actual["participants"], round(r.target_participants),
                r.actual["registrations"], r.schools, round(r.target_schools),
            ]
        )  # fmt: skip
    if board:
        league_sheet = book.create_sheet(_("League")[:31])
        sheets.rtl(league_sheet)
        league_sheet.append(
            sheets.row(
                [
                    _("Rank"),
                    _("District"),
                    _("Delivered"),
                    _("Expected by now"),
                    _("Target"),
                    _("Progress"),
                ]
            )
        )
        for d in board:
            league_sheet.append(
                [
                    d["rank"],
                    sheets.label(d["district"]),
                    d["delivered"],
                    d["expected"],
                    d["target"],
                    d["progress"],
                ]
            )
    months = book.create_sheet(_("Month by month")[:31])
    sheets.rtl(months)
    months.append(
        sheets.row([_("Month"), _("Sessions delivered"), _("Participants"), _("Delivered to date"),
         _("Target to date")])
    )  # fmt: skip
    for t in selectors.trend(scope=request.scope, period=period, filters=filters, lines=lines):
        months.append(
            [sheets.label(t["label"]), t["delivered"], t["participants"], t["delivered_to_date"],
             t["target_to_date"]]
        )  # fmt: skip
    reach = book.create_sheet(_("Schools reached")[:31])
    sheets.rtl(reach)
    reach.append(
        sheets.row([_("School type"), _("Gender"), _("Schools"), _("Reached"), _("Coverage")])
    )
    for c in selectors.coverage(scope=request.scope, period=period, filters=filters):
        reach.append([sheets.label(c["stage_label"]), sheets.label(c["gender_label"]), c["schools"], c["reached"],
                      c["percent"] / 100])  # fmt: skip
        reach.cell(row=reach.max_row, column=5).number_format = "0%"
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="plan-vs-actual.xlsx"'
    book.save(response)
    return response


@login_required
def trainer(request, trainer_pk=None):
    """A trainer's delivery month by month (``trainer/`` for one's own); ``?format=json`` gives
    the chart its figures."""
    found = scoped(Trainer.objects.all(), request.scope)
    found = (
        found.filter(pk=trainer_pk).first()
        if trainer_pk
        else found.filter(user_id=request.user.pk).first()
    )
    if found is None or not can_view_trainer(request.scope, found):
        raise Http404
    period = parse_period(request.GET)
    figures = selectors.trainer_months(scope=request.scope, trainer=found, period=period)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {"trainer": str(found), "period": period.label(), **figures},
            json_dumps_params={"ensure_ascii": False},
        )
    return render(
        request,
        "monitoring/trainer.html",
        {
            "trainer": found,
            "period": period,
            "kind": period.kind,
            "year": period.year_from,
            "periods": (
                ("year", _("Year")),
                ("quarter", _("Quarter")),
                ("month", _("Month")),
            ),
            **figures,
        },
    )

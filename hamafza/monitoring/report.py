"""The dashboard as a printable Persian report (WeasyPrint): a cover with the municipality and the
period, the league table drawn as bars against the pro-rata expectation (HTML bars, so Persian
text is shaped by the same engine as the rest), what needs attention, the month-by-month run
against the target to date, school coverage by type and gender, and plan vs actual by
district. Every figure comes from the same selectors as the page."""

from django.utils import timezone

from hamafza.core.pdf import render_pdf
from hamafza.core.scoping import Scope
from hamafza.monitoring import selectors


def by_district(rows: list[selectors.Row]) -> list[selectors.Row]:
    """Plan vs actual summed over domains, one row per district."""
    merged: dict[int, selectors.Row] = {}
    for r in rows:
        d = merged.setdefault(r.district_id, selectors.Row(r.district_id, 0, district=r.district))
        for m in selectors.MEASURES:
            d.actual[m] += r.actual[m]
        d.schools += r.schools
        d.target_sessions += r.target_sessions
        d.target_participants += r.target_participants
        d.target_schools += r.target_schools
    return sorted(merged.values(), key=lambda r: r.district)


def report_context(*, scope: Scope, period, filters, municipality, league: list[dict]) -> dict:
    rows = selectors.plan_vs_actual(scope=scope, period=period, filters=filters)
    board = league if league else []
    top = max([max(d["delivered"], d["expected"]) for d in board] or [1]) or 1
    for d in board:
        d["bar"] = round(100 * d["delivered"] / top)
        d["mark"] = round(100 * d["expected"] / top)
    months = selectors.trend(scope=scope, period=period, filters=filters)
    peak = max([max(m["delivered_to_date"], m["target_to_date"]) for m in months] or [1]) or 1
    for m in months:
        m["bar"] = round(100 * m["delivered_to_date"] / peak)
        m["mark"] = round(100 * m["target_to_date"] / peak)
    return {
        "trend": months,
        "coverage": selectors.coverage(scope=scope, period=period, filters=filters),
        "municipality": municipality,
        "period": period,
        "share": round(100 * period.elapsed_share()),
        "made_at": timezone.now(),
        "league": board,
        "districts": by_district(rows),
        "total": selectors.totals(rows),
        "alerts": selectors.alerts(scope=scope, period=period, rows=rows),
    }


def report_pdf(context: dict, *, language: str = "fa") -> bytes:
    return render_pdf("monitoring/report_pdf.html", context, language=language)

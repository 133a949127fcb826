"""Plan vs actual through the API: the same selectors, scope and period rules as the dashboard."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema

from hamafza.core.api_schemas import ERRORS
from hamafza.core.scoping import scoped
from hamafza.monitoring import selectors
from hamafza.monitoring.permissions import can_view_monitoring, can_view_trainer, sees_league
from hamafza.monitoring.views import parse_filters, parse_period
from hamafza.trainers.models import Trainer

router = Router(tags=["monitoring"])


class PeriodIn(Schema):
    period: str = "year"
    year: int | None = None
    quarter: int | None = None
    month: int | None = None
    from_: str | None = Field(None, alias="from")  # Jalali year/month, for period=range
    to: str | None = None


class FiltersIn(PeriodIn):
    district: int | None = None
    domain: int | None = None
    agency: int | None = None
    program: int | None = None


class PeriodOut(Schema):
    label: str
    year_from: int
    month_from: int
    year_to: int
    month_to: int
    elapsed_share: float


class RowOut(Schema):
    district_id: int
    district: str
    domain_id: int
    domain: str
    planned: int
    delivered: int
    verified: int
    cancelled: int
    participants: int
    registrations: int
    schools_reached: int
    target_sessions: int
    target_participants: int
    target_schools: int


class LeagueOut(Schema):
    rank: int
    district_id: int
    district: str
    delivered: int
    expected: int
    target: int
    progress: int | None


class MonthOut(Schema):
    year: int
    month: int
    label: str
    delivered: int
    participants: int
    delivered_to_date: int
    target_to_date: int


class CoverageOut(Schema):
    stage: str
    gender: str
    schools: int
    reached: int
    percent: int


class LineOut(Schema):
    district_id: int
    domain_id: int
    agency_id: int | None
    year: int
    quarter: int
    delivered: int
    expected: int
    target: int
    progress: int


class PlanVsActualOut(Schema):
    period: PeriodOut
    rows: list[RowOut]
    league: list[LeagueOut]
    trend: list[MonthOut]
    coverage: list[CoverageOut]
    lines_behind: list[LineOut]
    lines_behind_count: int


class TrainerMonthOut(Schema):
    year: int
    month: int
    label: str
    delivered: int
    verified: int
    cancelled: int
    participants: int
    schools: int


class TrainerOut(Schema):
    trainer_id: int
    period: PeriodOut
    months: list[TrainerMonthOut]
    total: dict[str, int]


def _params(data: PeriodIn) -> dict:
    """The query as the dashboard's parsers read it (strings by name)."""
    params = {name: getattr(data, name, None) for name in (
        "period", "year", "quarter", "month", "to", "district", "domain", "agency", "program"
    )}  # fmt: skip
    params["from"] = data.from_
    return {k: str(v) for k, v in params.items() if v is not None}


def _period_out(period: selectors.Period) -> dict:
    return {
        "label": period.label(),
        "year_from": period.year_from,
        "month_from": period.month_from,
        "year_to": period.year_to,
        "month_to": period.month_to,
        "elapsed_share": round(period.elapsed_share(), 3),
    }


@router.get(
    "/plan-vs-actual",
    response={200: PlanVsActualOut, **ERRORS},
    operation_id="monitoring_plan_vs_actual",
)
def plan_vs_actual(request, data: Query[FiltersIn]):
    """Plan vs actual by district × domain for a Jalali period (year, quarter, month or a range
    of year/month), with the league of districts, the month-by-month trend, school coverage
    and the plan lines behind their pro-rata target. A coordinator gets their district, a
    liaison their agency's lines and domains, a school contact their school."""
    scope = request.scope
    if not can_view_monitoring(scope):
        raise PermissionDenied
    params = _params(data)
    period, filters = parse_period(params), parse_filters(params)
    rows = selectors.plan_vs_actual(scope=scope, period=period, filters=filters)
    lagging = selectors.lines_lagging(scope=scope, period=period)
    return {
        "period": _period_out(period),
        "rows": [r.as_dict() for r in rows],
        "league": selectors.league(rows, period) if sees_league(scope) else [],
        "trend": selectors.trend(scope=scope, period=period, filters=filters),
        "coverage": selectors.coverage(scope=scope, period=period, filters=filters),
        "lines_behind": lagging["lines"],
        "lines_behind_count": lagging["count"],
    }


@router.get(
    "/trainers/{trainer_id}",
    response={200: TrainerOut, **ERRORS},
    operation_id="monitoring_trainer",
)
def trainer(request, trainer_id: int, data: Query[PeriodIn]):
    """A trainer's delivery month by month: the trainer's own, a coordinator's trainers homed
    in their district, any trainer for the directorate."""
    found = scoped(Trainer.objects.filter(pk=trainer_id), request.scope).first()
    if found is None or not can_view_trainer(request.scope, found):
        raise Http404
    period = parse_period(_params(data))
    figures = selectors.trainer_months(scope=request.scope, trainer=found, period=period)
    return {"trainer_id": found.pk, "period": _period_out(period), **figures}

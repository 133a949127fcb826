"""Plan vs actual, read only from the rollups (never from the fact tables) and the approved
targets of the joint plan, through the scoping gate."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import jdatetime
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.catalogue.models import Domain
from hamafza.core.jalali import MONTHS_EN, MONTHS_FA, is_persian
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import Role, Scope, scoped
from hamafza.monitoring.models import (
    MEASURES,
    Contribution,
    ReachRollup,
    Rollup,
    SchoolFirstReach,
    SchoolRollup,
)
from hamafza.monitoring.permissions import can_view_monitoring, can_view_trainer, sees_school_only
from hamafza.org.models import Agency, District, School
from hamafza.plans.models import PlanLine, TargetVersion
from hamafza.sessions.models import Session


@dataclass(frozen=True)
class Period:
    """Jalali months from (year_from, month_from) to (year_to, month_to), both included."""

    year_from: int
    month_from: int
    year_to: int
    month_to: int
    kind: str = "range"

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(year, 1, year, 12, "year")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        return cls(year, quarter * 3 - 2, year, quarter * 3, "quarter")

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(year, month, year, month, "month")

    def months(self) -> list[tuple[int, int]]:
        out, y, m = [], self.year_from, self.month_from
        while (y, m) <= (self.year_to, self.month_to) and len(out) < 120:
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def q(self) -> Q:
        if self.year_from == self.year_to:
            return Q(year=self.year_from, month__gte=self.month_from, month__lte=self.month_to)
        return (
            Q(year=self.year_from, month__gte=self.month_from)
            | Q(year__gt=self.year_from, year__lt=self.year_to)
            | Q(year=self.year_to, month__lte=self.month_to)
        )

    def first_day(self) -> dt.date:
        return jdatetime.date(self.year_from, self.month_from, 1).togregorian()

    def last_day(self) -> dt.date:
        y, m = (self.year_to + 1, 1) if self.month_to == 12 else (self.year_to, self.month_to + 1)
        return jdatetime.date(y, m, 1).togregorian() - dt.timedelta(days=1)

    def elapsed_share(self, today: dt.date | None = None) -> float:
        """How much of the period has gone by (0 before it, 1 after it)."""
        today = today or timezone.localdate()
        first, last = self.first_day(), self.last_day()
        days = (last - first).days + 1
        return min(1.0, max(0.0, ((today - first).days + 1) / days))

    def label(self) -> str:
        names = MONTHS_FA if is_persian() else MONTHS_EN
        if self.kind == "year":
            text = _("Year %(year)s") % {"year": self.year_from}
        elif self.kind == "quarter":
            text = _("Quarter %(q)s of %(year)s") % {
                "q": (self.month_from + 2) // 3,
                "year": self.year_from,
            }
        elif self.kind == "month":
            text = f"{names[self.month_from - 1]} {self.year_from}"
        else:
            text = (
                f"{names[self.month_from - 1]} {self.year_from} – "
                f"{names[self.month_to - 1]} {self.year_to}"
            )
        return localize_digits(text)


@dataclass(frozen=True)
class Filters:
    district_id: int | None = None
    domain_id: int | None = None
    agency_id: int | None = None
    program_id: int | None = None


@dataclass
class Row:
    district_id: int
    domain_id: int
    district: str = ""
    domain: str = ""
    actual: dict = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    schools: int = 0
    target_sessions: float = 0
    target_participants: float = 0
    target_schools: float = 0

    @property
    def sessions_done(self) -> int:
        return self.actual["delivered"]

    def progress(self, share: float) -> float | None:
        expected = self.target_sessions * share
        return round(100 * self.sessions_done / expected) if expected else None

    def as_dict(self) -> dict:
        """The row as the JSON endpoint and the API give it (targets rounded)."""
        return {
            "district_id": self.district_id, "district": self.district,
            "domain_id": self.domain_id, "domain": self.domain, **self.actual,
            "schools_reached": self.schools, "target_sessions": round(self.target_sessions),
            "target_participants": round(self.target_participants),
            "target_schools": round(self.target_schools),
        }  # fmt: skip


def _limit(qs, scope: Scope, filters: Filters, *, has_agency: bool, has_program: bool):
    qs = scoped(qs, scope).filter(
        **({"district_id": filters.district_id} if filters.district_id else {})
    )
    if filters.domain_id:
        qs = qs.filter(domain_id=filters.domain_id)
    agency = scope.agency_id if scope.role == Role.AGENCY_LIAISON else filters.agency_id
    if agency:
        if has_agency:
            qs = qs.filter(agency_id=agency)
        else:
            qs = qs.filter(
                domain_id__in=list(
                    scoped(Domain.objects.filter(owner_agency_id=agency), scope).values_list(
                        "pk", flat=True
                    )
                )
            )
    if filters.program_id and has_program:
        qs = qs.filter(program_id=filters.program_id)
    return qs


def _quarter_months(period: Period) -> dict[tuple[int, int], int]:
    """(year, quarter) → how many of its months are inside the period."""
    months: dict = defaultdict(int)
    for y, m in period.months():
        months[(y, (m - 1) // 3 + 1)] += 1
    return months


def _target_lines(scope: Scope, period: Period, filters: Filters) -> list[tuple]:
    """The approved targets in force (latest revision) of the plan lines of the period's years:
    (line, district, domain, agency, year, quarter, sessions, participants, schools) each."""
    months = _quarter_months(period)
    lines = scoped(
        PlanLine.objects.filter(district_plan__plan__year__in={y for y, _q in months}), scope
    )
    if filters.district_id:
        lines = lines.filter(district_id=filters.district_id)
    if filters.domain_id:
        lines = lines.filter(domain_id=filters.domain_id)
    agency = scope.agency_id if scope.role == Role.AGENCY_LIAISON else filters.agency_id
    if agency:
        lines = lines.filter(agency_id=agency)
    # One query: every revision of the lines in the period (a handful per line), with the
    # line's keys joined in; the highest revision of each line is in force.
    latest: dict[int, tuple] = {}
    for line, revision, *rest in (
        scoped(TargetVersion.objects.filter(line__in=lines.order_by().values("pk")), scope)
        .order_by()
        .values_list(
            "line_id",
            "revision",
            "line__district_id",
            "line__domain_id",
            "line__agency_id",
            "line__district_plan__plan__year",
            "line__quarter",
            "sessions",
            "participants",
            "schools_primary",
            "schools_lower_secondary",
            "schools_upper_secondary",
        )  # fmt: skip
    ):
        if line not in latest or latest[line][0] < revision:
            latest[line] = (revision, *rest)
    return [
        (line, district, domain, agency, year, quarter, s, p, sp + sl + su)
        for line, (_r, district, domain, agency, year, quarter, s, p, sp, sl, su) in latest.items()
        if s is not None
    ]


def target_lines(*, scope: Scope, period: Period, filters: Filters = Filters()) -> list[tuple]:
    """The approved targets in force for the period, read once per page and handed to
    ``plan_vs_actual``, ``trend`` and (without filters) ``lines_lagging``."""
    if not can_view_monitoring(scope) or sees_school_only(scope):
        return []
    return _target_lines(scope, period, filters)


def _targets(
    scope: Scope, period: Period, filters: Filters, lines: list | None = None
) -> dict[tuple[int, int], list[float]]:
    """Approved targets in force of the lines in the period, pro rata for quarters the period
    covers in part: {(district, domain): [sessions, participants, schools]}."""
    months = _quarter_months(period)
    found: dict = defaultdict(lambda: [0.0, 0.0, 0.0])
    if lines is None:
        lines = _target_lines(scope, period, filters)
    for _line, district, domain, _a, year, quarter, s, p, schools in lines:
        share = months.get((year, quarter), 0) / 3
        if not share:
            continue  # outside the period
        found[(district, domain)][0] += s * share
        found[(district, domain)][1] += p * share
        found[(district, domain)][2] += schools * share
    return found


def plan_vs_actual(
    *, scope: Scope, period: Period, filters: Filters = Filters(), lines: list | None = None
) -> list[Row]:
    """Plan vs actual by district × domain for the period: sessions (planned, delivered,
    verified, cancelled), participants, registrations and schools reached (each school counted
    once per domain and year, in the month it was first reached), against approved targets."""
    if not can_view_monitoring(scope):
        return []
    rows: dict[tuple[int, int], Row] = {}

    def row(district: int, domain: int) -> Row:
        if (district, domain) not in rows:
            rows[(district, domain)] = Row(district, domain)
        return rows[(district, domain)]

    if sees_school_only(scope):
        actuals = _limit(
            SchoolRollup.objects.all(), scope, filters, has_agency=False, has_program=False
        )
    else:
        actuals = _limit(Rollup.objects.all(), scope, filters, has_agency=True, has_program=True)
    sums = {m: Sum(m) for m in MEASURES}
    for r in (
        actuals.filter(period.q()).order_by().values("district_id", "domain_id").annotate(**sums)
    ):
        row(r["district_id"], r["domain_id"]).actual = {m: r[m] or 0 for m in MEASURES}
    if not sees_school_only(scope):
        reach = _limit(
            ReachRollup.objects.all(), scope, filters, has_agency=False, has_program=False
        )
        for r in (
            reach.filter(period.q())
            .order_by()
            .values("district_id", "domain_id")
            .annotate(n=Sum("schools"))
        ):
            row(r["district_id"], r["domain_id"]).schools = r["n"] or 0
        for (district, domain), (s, p, sc) in _targets(scope, period, filters, lines).items():
            target = row(district, domain)
            target.target_sessions, target.target_participants, target.target_schools = s, p, sc
    names, numbers = {}, {}
    for pk, name, number in scoped(District.objects.all(), scope).values_list(
        "pk", "name", "number"
    ):
        names[pk], numbers[pk] = name, number
    domains = dict(scoped(Domain.objects.all(), scope).values_list("pk", "name"))
    result = []
    for r in rows.values():
        if r.district_id not in names:
            continue  # outside the scope (never happens through the gate; belt and braces)
        r.district, r.domain = names[r.district_id], domains.get(r.domain_id, "")
        result.append(r)
    result.sort(key=lambda r: (numbers.get(r.district_id, 0), r.domain))
    return result


def totals(rows: list[Row]) -> Row:
    total = Row(0, 0, district=_("Total"))
    for r in rows:
        for m in MEASURES:
            total.actual[m] += r.actual[m]
        total.schools += r.schools
        total.target_sessions += r.target_sessions
        total.target_participants += r.target_participants
        total.target_schools += r.target_schools
    return total


def league(rows: list[Row], period: Period, today: dt.date | None = None) -> list[dict]:
    """Districts ranked by delivered sessions against the pro-rata expectation (the target times
    the elapsed share of the period); districts without targets come last."""
    share = period.elapsed_share(today)
    by_district: dict[int, Row] = {}
    for r in rows:
        d = by_district.setdefault(r.district_id, Row(r.district_id, 0, district=r.district))
        d.actual["delivered"] += r.actual["delivered"]
        d.target_sessions += r.target_sessions
    table = [
        {
            "district_id": d.district_id,
            "district": d.district,
            "delivered": d.sessions_done,
            "target": round(d.target_sessions),
            "expected": round(d.target_sessions * share),
            "progress": d.progress(share),
        }
        for d in by_district.values()
    ]
    table.sort(key=lambda d: (d["progress"] is None, -(d["progress"] or 0), d["district"]))
    for rank, d in enumerate(table, 1):
        d["rank"] = rank
    return table


LAG_POINTS = 20  # a district this many points behind its pro-rata expectation is lagging


def alerts(
    *, scope: Scope, period: Period, rows: list[Row], today: dt.date | None = None
) -> list[dict]:
    """What needs attention, from the rollups: districts lagging their pro-rata expectation by
    more than ``LAG_POINTS``, sessions delivered but not confirmed by the school, and sessions
    of months that have ended still not reported (planned or confirmed)."""
    if not can_view_monitoring(scope):
        return []
    found = []
    for d in league(rows, period, today):
        if d["progress"] is not None and d["expected"] and d["progress"] < 100 - LAG_POINTS:
            found.append({"kind": "lagging", **d})
    unverified: dict[int, list] = {}
    for r in rows:
        waiting = r.actual["delivered"] - r.actual["verified"]
        if waiting > 0:
            entry = unverified.setdefault(r.district_id, [r.district, 0])
            entry[1] += waiting
    found += [
        {"kind": "unverified", "district": name, "count": n} for name, n in unverified.values()
    ]
    if sees_school_only(scope):
        return found
    now = jdatetime.date.fromgregorian(date=today or timezone.localdate())
    ended = Q(year__lt=now.year) | Q(year=now.year, month__lt=now.month)
    names = {r.district_id: r.district for r in rows}
    late = (
        _limit(Rollup.objects.all(), scope, Filters(), has_agency=True, has_program=True)
        .filter(period.q())
        .filter(ended, planned__gt=0)
        .order_by()
        .values("district_id")
        .annotate(n=Sum("planned"))
    )
    found += [
        {"kind": "unreported", "district": names.get(r["district_id"], ""), "count": r["n"]}
        for r in late
        if r["n"]
    ]
    return found


LINE_ALERTS_SHOWN = 10


def lines_lagging(
    *, scope: Scope, period: Period, today: dt.date | None = None, lines: list | None = None
) -> dict:
    """Plan lines of the period behind their pro-rata expectation by more than ``LAG_POINTS``:
    each line's approved sessions times the share of its quarter that has passed, against the
    delivered sessions of its district, domain and agency in that quarter (from the rollups).
    Lines expecting less than one session by now are not judged. The worst first, at most
    ``LINE_ALERTS_SHOWN``, with the count of all of them."""
    if not can_view_monitoring(scope) or sees_school_only(scope):
        return {"lines": [], "count": 0}
    today = today or timezone.localdate()
    lines = _target_lines(scope, period, Filters()) if lines is None else lines
    if not lines:
        return {"lines": [], "count": 0}
    done: dict = defaultdict(int)
    for r in (
        _limit(Rollup.objects.all(), scope, Filters(), has_agency=True, has_program=True)
        .filter(period.q())
        .order_by()
        .values_list("district_id", "domain_id", "agency_id", "year", "month")
        .annotate(n=Sum("delivered"))
    ):
        district, domain, agency, year, month, n = r
        done[(district, domain, agency, year, (month - 1) // 3 + 1)] += n or 0
    months = _quarter_months(period)
    shares = {key: Period.quarter(*key).elapsed_share(today) for key in months}
    found = []
    for _line, district, domain, agency, year, quarter, sessions, _p, _s in lines:
        if not months.get((year, quarter)):
            continue
        expected = sessions * shares[(year, quarter)]
        if expected < 1:
            continue
        delivered = done.get((district, domain, agency or 0, year, quarter), 0)
        progress = round(100 * delivered / expected)
        if progress < 100 - LAG_POINTS:
            found.append(
                {
                    "district_id": district, "domain_id": domain, "agency_id": agency,
                    "year": year, "quarter": quarter, "delivered": delivered,
                    "expected": round(expected), "target": sessions, "progress": progress,
                }
            )  # fmt: skip
    found.sort(key=lambda d: (d["progress"], -d["expected"]))
    shown = found[:LINE_ALERTS_SHOWN]
    districts = dict(scoped(District.objects.all(), scope).values_list("pk", "name"))
    domains = dict(scoped(Domain.objects.all(), scope).values_list("pk", "name"))
    agencies = dict(scoped(Agency.objects.all(), scope).values_list("pk", "name"))
    for d in shown:
        d["district"] = districts.get(d["district_id"], "")
        d["domain"] = domains.get(d["domain_id"], "")
        d["agency"] = agencies.get(d["agency_id"], "")
    return {"lines": shown, "count": len(found)}


def trend(
    *, scope: Scope, period: Period, filters: Filters = Filters(), lines: list | None = None
) -> list[dict]:
    """Month by month through the period: sessions delivered, participants, and the running
    totals of delivered sessions against the running pro-rata target (a quarter's approved
    sessions spread evenly over its three months)."""
    if not can_view_monitoring(scope):
        return []
    school = sees_school_only(scope)
    model = SchoolRollup if school else Rollup
    actuals = _limit(model.objects.all(), scope, filters, has_agency=not school,
                     has_program=not school)  # fmt: skip
    by_month = {
        (y, m): (d or 0, p or 0)
        for y, m, d, p in actuals.filter(period.q())
        .order_by()
        .values_list("year", "month")
        .annotate(Sum("delivered"), Sum("participants"))
    }
    per_quarter: dict = defaultdict(float)
    if not school:
        if lines is None:
            lines = _target_lines(scope, period, filters)
        for _l, _d, _dm, _a, year, quarter, sessions, _p, _s in lines:
            per_quarter[(year, quarter)] += sessions
    names = MONTHS_FA if is_persian() else MONTHS_EN
    out, done, target = [], 0, 0.0
    for y, m in period.months():
        delivered, participants = by_month.get((y, m), (0, 0))
        done += delivered
        target += per_quarter.get((y, (m - 1) // 3 + 1), 0) / 3
        out.append(
            {
                "year": y, "month": m, "label": localize_digits(f"{names[m - 1]} {y}"),
                "delivered": delivered, "participants": participants,
                "delivered_to_date": done, "target_to_date": round(target),
            }
        )  # fmt: skip
    return out


def coverage(*, scope: Scope, period: Period, filters: Filters = Filters()) -> list[dict]:
    """The share of the schools in scope reached by at least one delivered session in the
    period's Jalali years, up to the end of the period, by school type and gender."""
    if not can_view_monitoring(scope):
        return []
    schools = scoped(School.objects.all(), scope)
    if filters.district_id:
        schools = schools.filter(district_id=filters.district_id)
    reached = (
        _limit(
            SchoolFirstReach.objects.all(), scope, filters, has_agency=False, has_program=False
        )  # fmt: skip
        .filter(month__gt=0, year__gte=period.year_from)
        .filter(Q(year__lt=period.year_to) | Q(year=period.year_to, month__lte=period.month_to))
        .values("school_id")
    )
    totals = {
        (r["stage"], r["gender"]): r["n"]
        for r in schools.order_by().values("stage", "gender").annotate(n=Count("pk"))
    }
    hits = {
        (r["stage"], r["gender"]): r["n"]
        for r in schools.filter(pk__in=reached)
        .order_by()
        .values("stage", "gender")
        .annotate(n=Count("pk"))
    }
    stages = dict(School.Stage.choices)
    genders = dict(School.Gender.choices)
    out = []
    for stage, stage_name in stages.items():
        for gender, gender_name in genders.items():
            total = totals.get((stage, gender), 0)
            if not total:
                continue
            n = hits.get((stage, gender), 0)
            out.append(
                {
                    "stage": stage, "gender": gender, "stage_label": str(stage_name),
                    "gender_label": str(gender_name), "schools": total, "reached": n,
                    "percent": round(100 * n / total),
                }
            )  # fmt: skip
    return out


def trainer_months(*, scope: Scope, trainer, period: Period) -> dict:
    """One trainer's delivery month by month through the period, from the sessions' stored
    contributions (a trainer's sessions are a few hundred at most): sessions delivered (and of
    them verified), cancelled, participants and distinct schools. Shared sessions count in full
    for each of their trainers."""
    if not can_view_trainer(scope, trainer):
        return {"months": [], "total": None}
    mine = Session.trainers.through.objects.filter(trainer_id=trainer.pk).values("session_id")
    per: dict = defaultdict(lambda: {"delivered": 0, "verified": 0, "cancelled": 0,
                                     "participants": 0, "schools": set()})  # fmt: skip
    for y, m, school, delivered, verified, cancelled, participants in (
        Contribution.objects.filter(session_id__in=mine, municipality_id=scope.municipality_id)
        .filter(period.q())
        .values_list(
            "year", "month", "school_id", "delivered", "verified", "cancelled", "participants"
        )  # fmt: skip
    ):
        bucket = per[(y, m)]
        bucket["delivered"] += delivered
        bucket["verified"] += verified
        bucket["cancelled"] += cancelled
        bucket["participants"] += participants
        if school and delivered:
            bucket["schools"].add(school)
    names = MONTHS_FA if is_persian() else MONTHS_EN
    counts = ("delivered", "verified", "cancelled", "participants")
    out, schools = [], set()
    for y, m in period.months():
        b = per.get((y, m)) or per.default_factory()
        schools |= b["schools"]
        out.append(
            {
                "year": y, "month": m, "label": localize_digits(f"{names[m - 1]} {y}"),
                **{k: b[k] for k in counts}, "schools": len(b["schools"]),
            }
        )  # fmt: skip
    total = {k: sum(row[k] for row in out) for k in counts}
    return {"months": out, "total": {**total, "schools": len(schools)}}

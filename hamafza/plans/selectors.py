"""Reads of the joint plan, always through the scoping gate."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from hamafza.core import jalali
from hamafza.core.scoping import MUNICIPALITY_READERS, Role, Scope, scoped
from hamafza.org.models import Membership
from hamafza.plans.models import (
    TARGET_FIELDS,
    DistrictPlan,
    Plan,
    PlanEvent,
    PlanLine,
    TargetVersion,
    quarter_of,
)


def plans(*, scope: Scope):
    return scoped(Plan.objects.all(), scope)


def plan_get(*, scope: Scope, year: int) -> Plan | None:
    return plans(scope=scope).filter(year=year).first()


def current_year() -> int:
    return jalali.to_jalali(timezone.localdate()).year


def district_parts(*, scope: Scope, plan: Plan):
    """The districts' parts of a plan the scope may see, with their working totals."""
    zero = Value(0, output_field=IntegerField())
    return (
        scoped(DistrictPlan.objects.filter(plan=plan), scope)
        .select_related("district")
        .annotate(
            line_count=Count("lines"),
            sessions_total=Coalesce(Sum("lines__sessions"), zero),
            participants_total=Coalesce(Sum("lines__participants"), zero),
            budget_total=Coalesce(Sum("lines__budget"), zero),
        )
        .order_by("district__number")
    )


def part_get(*, scope: Scope, pk: int) -> DistrictPlan | None:
    return (
        scoped(DistrictPlan.objects.select_related("plan", "district"), scope).filter(pk=pk).first()
    )


# What was done toward a line is known by ``sessions``, which sits above this app: it registers
# (in its AppConfig.ready) a function that annotates a PlanLine queryset with
# ``sessions_linked``, ``sessions_done`` and ``present_done``, so plans never imports it.
LINE_PROGRESS: list = []


def lines(*, scope: Scope, part: DistrictPlan):
    """A part's lines, each with the approved figures in force (``approved_<field>``, None when
    never approved) and what was done toward it: sessions linked, delivered, and people present
    in delivered sessions (counted by ``sessions`` through ``LINE_PROGRESS``)."""
    latest = TargetVersion.objects.filter(line=OuterRef("pk")).order_by("-revision")
    qs = (
        scoped(PlanLine.objects.filter(district_plan=part), scope)
        .select_related("domain", "agency", "owner")
        .annotate(
            approved_revision=Subquery(latest.values("revision")[:1]),
            **{f"approved_{f}": Subquery(latest.values(f)[:1]) for f in TARGET_FIELDS},
        )
    )
    for annotate in LINE_PROGRESS:
        qs = annotate(qs)
    return qs.order_by("quarter", "domain__name", "agency__name")


def events(*, scope: Scope, part: DistrictPlan):
    return scoped(PlanEvent.objects.filter(district_plan=part), scope).select_related("author")


def versions(*, scope: Scope, part: DistrictPlan):
    """Every approved version of every line of the part, newest revision first."""
    return (
        scoped(TargetVersion.objects.filter(line__district_plan=part), scope)
        .select_related("line__domain", "line__agency", "approved_by")
        .order_by("-revision", "line__quarter", "line__domain__name")
    )


def lines_for_session(
    *, scope: Scope, district_id: int, domain_id: int | None, when: dt.datetime | dt.date
):
    """Plan lines a session on ``when`` in ``district_id`` could count toward: the district's
    lines of that Jalali year and quarter (of the session's domain when given)."""
    j = jalali.to_jalali(timezone.localtime(when).date() if isinstance(when, dt.datetime) else when)
    qs = scoped(
        PlanLine.objects.filter(
            district_id=district_id,
            district_plan__plan__year=j.year,
            quarter=quarter_of(j.month),
        ),
        scope,
    ).select_related("domain", "agency")
    if domain_id:
        qs = qs.filter(domain_id=domain_id)
    return qs


def owner_candidates(*, part: DistrictPlan):
    """Who may own a line of a district's targets: the directorate, agency liaisons and the
    district's coordinators (active roles in the municipality)."""
    roles = Membership.objects.filter(municipality_id=part.municipality_id, is_active=True).filter(
        Q(role__in=MUNICIPALITY_READERS)
        | Q(role=Role.DISTRICT_COORDINATOR, district_id=part.district_id)
    )
    return (
        get_user_model()
        .objects.filter(pk__in=roles.values("user_id"), is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def schedulable_lines(*, scope: Scope):
    """Lines a scheduler may link a session to: this year's and next year's, in scope."""
    year = current_year()
    return (
        scoped(PlanLine.objects.filter(district_plan__plan__year__in=(year, year + 1)), scope)
        .select_related("district_plan__plan", "district", "domain", "agency")
        .order_by("district_plan__plan__year", "district__number", "domain__name", "quarter")
    )

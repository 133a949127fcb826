"""Reads of the joint plan, always through the scoping gate."""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from hamafza.core import jalali
from hamafza.core.queries import subquery_count
from hamafza.core.scoping import Scope, scoped
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
    from django.utils import timezone

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


def lines(*, scope: Scope, part: DistrictPlan):
    """A part's lines, each with the approved figures in force (``approved_<field>``, None when
    never approved) and what was done toward it: sessions linked, delivered, and people present
    in delivered sessions."""
    from hamafza.sessions.models import Session

    latest = TargetVersion.objects.filter(line=OuterRef("pk")).order_by("-revision")
    linked = Session.objects.filter(plan_line=OuterRef("pk")).exclude(status="cancelled")
    done = linked.filter(status__in=("delivered", "verified"))

    present = Coalesce(
        Subquery(
            done.order_by().values("plan_line").annotate(n=Sum("report__present")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    return (
        scoped(PlanLine.objects.filter(district_plan=part), scope)
        .select_related("domain", "agency", "owner")
        .annotate(
            approved_revision=Subquery(latest.values("revision")[:1]),
            **{f"approved_{f}": Subquery(latest.values(f)[:1]) for f in TARGET_FIELDS},
            sessions_linked=subquery_count(linked, "plan_line"),
            sessions_done=subquery_count(done, "plan_line"),
            present_done=present,
        )
        .order_by("quarter", "domain__name", "agency__name")
    )


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
    from django.utils import timezone

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
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from hamafza.org.models import Membership

    roles = Membership.objects.filter(municipality_id=part.municipality_id, is_active=True).filter(
        Q(role__in=("directorate", "agency_liaison"))
        | Q(role="district_coordinator", district_id=part.district_id)
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

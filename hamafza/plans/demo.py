"""Demo joint plan: this year's plan with targets for every district, in every workflow state,
and the demo sessions linked to the lines they count toward."""

import random

from django.db import transaction
from django.utils import timezone

from hamafza.catalogue.models import Domain
from hamafza.core import jalali
from hamafza.org.models import Agency
from hamafza.plans.models import (
    TARGET_FIELDS,
    DistrictPlan,
    Plan,
    PlanEvent,
    PlanLine,
    TargetVersion,
)
from hamafza.plans.services import start_plan

RETURN_NOTE = "سهم مدارس متوسطه اول کم است؛ لطفاً بازنگری کنید."


def _state(number: int) -> str:
    if number <= 12:
        return DistrictPlan.Status.APPROVED
    if number <= 17:
        return DistrictPlan.Status.SUBMITTED
    if number <= 19:
        return DistrictPlan.Status.RETURNED
    return DistrictPlan.Status.DRAFT


@transaction.atomic
def seed_plan(municipality, rng: random.Random) -> Plan | None:
    year = jalali.to_jalali(timezone.localdate()).year
    if Plan.objects.filter(municipality=municipality, year=year).exists():
        return None
    plan = start_plan(municipality_id=municipality.pk, actor=None, year=year)
    # Each domain with its partner: the owning agency, and for citizenship education (the
    # directorate's own domain) the education department, whose schools host it.
    education = Agency.objects.filter(municipality=municipality, kind=Agency.Kind.EDUCATION).first()
    domains = [
        (domain, domain.owner_agency or education)
        for domain in Domain.objects.filter(municipality=municipality)
        .select_related("owner_agency")
        .order_by("pk")
        if domain.owner_agency_id or (domain.code == "citizenship" and education)
    ]
    now = timezone.now()
    for part in plan.district_plans.select_related("district"):
        lines = []
        for domain, agency in domains:
            for quarter in (1, 2, 3, 4):
                sessions = rng.randint(2, 6) * (2 if quarter in (3, 4) else 1)
                lines.append(
                    PlanLine(
                        municipality=municipality,
                        district_plan=part,
                        district=part.district,
                        domain=domain,
                        agency=agency,
                        quarter=quarter,
                        sessions=sessions,
                        participants=sessions * rng.randint(20, 35),
                        schools_primary=rng.randint(1, 4),
                        schools_lower_secondary=rng.randint(0, 2),
                        schools_upper_secondary=rng.randint(0, 1),
                        budget=sessions * 4_500_000,
                    )  # fmt: skip
                )
        PlanLine.objects.bulk_create(lines)
        state = _state(part.district.number) if municipality.slug == "tehran" else "draft"
        if state == DistrictPlan.Status.DRAFT:
            continue
        PlanEvent.objects.create(
            municipality=municipality, district_plan=part, kind="submitted", revision=1
        )
        if state == DistrictPlan.Status.APPROVED:
            TargetVersion.objects.bulk_create(
                TargetVersion(
                    municipality=municipality,
                    line=line,
                    revision=1,
                    approved_at=now,
                    **{f: getattr(line, f) for f in TARGET_FIELDS},
                )  # fmt: skip
                for line in part.lines.all()
            )
            PlanEvent.objects.create(
                municipality=municipality, district_plan=part, kind="approved", revision=1
            )
        if state == DistrictPlan.Status.RETURNED:
            PlanEvent.objects.create(
                municipality=municipality, district_plan=part, kind="returned", revision=1,
                text=RETURN_NOTE,
            )  # fmt: skip
        part.status = state
        part.save(update_fields=["status", "updated_at"])
    return plan

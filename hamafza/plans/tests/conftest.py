from types import SimpleNamespace

import pytest

from hamafza.catalogue.tests.factories import DomainFactory
from hamafza.org.middleware import scope_for_user
from hamafza.org.models import District
from hamafza.plans import services


@pytest.fixture
def joint(world, users):
    """The 1405 joint plan of Tehran (both districts in draft) and a health domain."""
    health = DomainFactory(municipality=world.tehran, code="health", name="سلامت")
    b_health = DomainFactory(municipality=world.bumehen, code="health", name="سلامت")
    plan = services.plan_create(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"], year=1405
    )
    parts = {p.district.number: p for p in plan.district_plans.select_related("district")}
    return SimpleNamespace(
        plan=plan, health=health, b_health=b_health, p6=parts[6], p12=parts[12],
        districts=District.objects.filter(municipality=world.tehran).count(),
    )  # fmt: skip


TARGETS = {
    "sessions": 40,
    "participants": 1200,
    "schools_primary": 10,
    "schools_lower_secondary": 4,
    "schools_upper_secondary": 0,
    "budget": 150_000_000,
}


def add_line(users, role, part, domain, agency, quarter=1, **targets):
    return services.line_save(
        scope=scope_for_user(users[role]),
        actor=users[role],
        district_plan=part,
        domain_id=domain.pk,
        agency_id=agency.pk,
        quarter=quarter,
        targets={**TARGETS, **targets},
    )

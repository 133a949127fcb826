import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from hamafza.org.models import Agency
from hamafza.plans.models import DistrictPlan, Plan, PlanLine, TargetVersion
from hamafza.sessions.models import HeadCount, Session
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture

YEAR = 1405  # Jalali year of the sessions below (2026-03-21 .. 2027-03-20)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def facts(world, pool, plan):  # noqa: F811
    """The health domain owned by the health agency; a second agency (waste) with its own
    domain; approved 1405 targets for district 6 and district 12 (health, quarter 3)."""
    pool.health.owner_agency = world.health
    pool.health.save()
    waste_agency = Agency.objects.create(
        municipality=world.tehran, name="سازمان پسماند", kind="waste"
    )
    pool.waste.owner_agency = waste_agency
    pool.waste.save()
    year_plan = Plan.objects.create(municipality=world.tehran, year=YEAR)
    lines = {}
    for district, sessions in ((world.d6, 8), (world.d12, 4)):
        part = DistrictPlan.objects.create(
            municipality=world.tehran, plan=year_plan, district=district, status="approved"
        )
        line = PlanLine.objects.create(
            municipality=world.tehran, district_plan=part, district=district,
            domain=pool.health, agency=world.health, quarter=3, sessions=sessions,
            participants=sessions * 20, schools_primary=2,
        )  # fmt: skip
        TargetVersion.objects.create(
            municipality=world.tehran, line=line, revision=1, sessions=sessions,
            participants=sessions * 20, schools_primary=2, schools_lower_secondary=0,
            schools_upper_secondary=0, budget=0, approved_at=timezone.now(),
        )  # fmt: skip
        lines[district.number] = line
    return SimpleNamespace(waste_agency=waste_agency, lines=lines, plan=year_plan)


def make_session(world, plan, *, school=None, venue=None, when=None, **extra) -> Session:  # noqa: F811
    """A session straight through the ORM (signals keep the rollups)."""
    when = when or at(dt.date(2026, 10, 5))  # 13 Mehr 1405 (quarter 3)
    place = school or venue or world.s6
    session = Session.objects.create(
        municipality=world.tehran,
        version=plan.version,
        lesson=plan.lesson,
        domain=plan.program.domain,
        district=place.district,
        school=place if school or not venue else None,
        venue=venue,
        starts_at=when,
        ends_at=when + dt.timedelta(hours=1),
        **extra,
    )
    return session


@pytest.fixture
def delivered(world, pool, plan, facts):  # noqa: F811 - plan and pool are fixtures
    """Delivered sessions: two at school 6 (health), one at school 12 (health), one waste session
    at venue 12 (the waste agency's), and one in Bumehen."""
    sessions = [
        make_session(world, plan, status="delivered"),
        make_session(world, plan, status="verified"),
        make_session(world, plan, school=world.s12, status="delivered"),
    ]
    for s in sessions:
        HeadCount.objects.create(municipality=world.tehran, session=s, grade=2, girls=10, boys=5)
        s.save()
    waste = make_session(world, plan, venue=world.v12, status="delivered")
    waste.domain = pool.waste
    waste.save()
    return sessions

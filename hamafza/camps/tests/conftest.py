import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from hamafza.camps.models import CampStaff
from hamafza.camps.tests.factories import CampFactory
from hamafza.core.scoping import Role
from hamafza.org.middleware import scope_for_user
from hamafza.org.tests.factories import MembershipFactory, UserFactory
from hamafza.sessions.tests.conftest import plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture


def scope_of(user):
    return scope_for_user(user)


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def camps(world, users, pool):  # noqa: F811
    """A camp in district 6 (days 20–23 from today) with the district-6 trainer as its leader and
    the volunteer on its staff, and a camp in district 12 (days 40–42)."""
    d6 = CampFactory(
        district=world.d6, venue=world.v6, place="", title="اردوی جهادی منطقه ۶", capacity=3
    )
    d12 = CampFactory(
        district=world.d12,
        title="اردوی جهادی منطقه ۱۲",
        start_date=in_days(40),
        end_date=in_days(42),
    )
    CampStaff.objects.create(
        municipality=world.tehran, camp=d6, trainer=pool.t6, role=CampStaff.Role.LEADER
    )
    CampStaff.objects.create(
        municipality=world.tehran, camp=d6, user=users["volunteer"], role=CampStaff.Role.VOLUNTEER
    )
    other_volunteer = UserFactory(first_name="داوطلب", last_name="دوم")
    MembershipFactory(user=other_volunteer, municipality=world.tehran, role=Role.VOLUNTEER)
    return SimpleNamespace(d6=d6, d12=d12, other_volunteer=other_volunteer)


def participant_data(world, **overrides) -> dict:
    data = {
        "full_name": "زهرا احمدی",
        "school_id": world.s6.pk,
        "grade": 5,
        "gender": "girl",
        "guardian_name": "علی احمدی",
        "guardian_mobile": "09121234567",
    }
    data.update(overrides)
    return data

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from hamafza.core.scoping import Role
from hamafza.org.middleware import scope_for_user
from hamafza.org.tests.factories import MembershipFactory, UserFactory
from hamafza.volunteering.models import Opportunity, Shift, Volunteer


def volunteer_user(world):
    user = UserFactory()
    MembershipFactory(user=user, municipality=world.tehran, role=Role.VOLUNTEER)
    return user


def make_volunteer(world, *, name, user=None, gender="female", birth_year=1370, **extra):
    return Volunteer.objects.create(
        municipality=world.tehran, name=name, gender=gender, birth_year=birth_year,
        home_district=extra.pop("home_district", world.d6), user=user,
        mobile="" if extra.get("is_minor") else extra.pop("mobile", "09121112233"), **extra,
    )  # fmt: skip


def make_shift(opportunity, *, days=2, starts=9, ends=12, needed=2, place="پارک لاله"):
    return Shift.objects.create(
        municipality=opportunity.municipality, opportunity=opportunity,
        date=timezone.localdate() + dt.timedelta(days=days), starts=dt.time(starts),
        ends=dt.time(ends), place=place, needed=needed,
    )  # fmt: skip


@pytest.fixture
def vol(world, users):
    """A published clean-up of district 6 (adults only) with a shift of two places in two days,
    and three adult volunteers of district 6 with accounts (the first is the demo volunteer)."""
    opportunity = Opportunity.objects.create(
        municipality=world.tehran, title="پاکسازی محلهٔ یوسف‌آباد", district=world.d6,
        kind=Opportunity.Kind.CAMPAIGN, status=Opportunity.Status.PUBLISHED,
        published_at=timezone.now(),
    )  # fmt: skip
    shift = make_shift(opportunity)
    people = [
        make_volunteer(world, name="زهرا موسوی", user=users["volunteer"]),
        make_volunteer(world, name="مریم احمدی", user=volunteer_user(world)),
        make_volunteer(world, name="سارا کریمی", user=volunteer_user(world)),
    ]
    return SimpleNamespace(opportunity=opportunity, shift=shift, people=people)


def scope_of(user):
    return scope_for_user(user)

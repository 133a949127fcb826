"""The demo's volunteering: published opportunities with shifts, adults and students (minors
with guardians), a waitlist, and the demo volunteer's account linked to her record so her home
page names her next shift; seeded once."""

import random

import pytest
from django.test import Client

from hamafza.core.scoping import Role
from hamafza.org.tests.factories import MembershipFactory, UserFactory
from hamafza.volunteering import demo
from hamafza.volunteering.models import Opportunity, Signup, Volunteer

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_opportunities_volunteers_and_a_waitlist_once(world):
    user = UserFactory(username="tehran.volunteer")
    MembershipFactory(user=user, municipality=world.tehran, role=Role.VOLUNTEER)
    demo.seed_volunteering(world.tehran, random.Random(3))
    assert Opportunity.objects.filter(status="published").count() >= 2
    assert all(o.shifts.exists() for o in Opportunity.objects.all())
    linked = Volunteer.objects.get(user=user)
    assert linked.name == "زهرا موسوی" and linked.gender == "female"
    for minor in Volunteer.objects.filter(is_minor=True):
        assert minor.guardian_name and minor.guardian_mobile and not minor.mobile
        assert not minor.signups.filter(status="confirmed").exists()
        minor.full_clean()
    assert Signup.objects.filter(status="waitlisted").exists()
    for volunteer in Volunteer.objects.all():
        volunteer.full_clean()
    client = Client()
    client.force_login(user)
    assert 'id="volunteer-panel"' in client.get("/").content.decode()
    count = Opportunity.objects.count()
    demo.seed_volunteering(world.tehran, random.Random(3))
    assert Opportunity.objects.count() == count

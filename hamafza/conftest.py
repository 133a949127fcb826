"""Shared fixtures: two municipalities, a few org units, and one signed-in client per role."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from hamafza.core.scoping import Role
from hamafza.org.tests.factories import (
    AgencyFactory,
    DistrictFactory,
    MembershipFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    SchoolFactory,
    UserFactory,
    VenueFactory,
)


@pytest.fixture(autouse=True)
def _defaults(settings):
    settings.LANGUAGE_CODE = "fa"
    settings.AXES_ENABLED = False
    cache.clear()  # rate-limit counters do not leak between tests


@pytest.fixture
def world(db):
    """Tehran with districts 6 and 12, Bumehen with one district; schools, venues and agencies."""
    tehran = MunicipalityFactory(slug="tehran", name="شهرداری تهران")
    bumehen = MunicipalityFactory(slug="bumehen", name="شهرداری بومهن")
    d6 = DistrictFactory(municipality=tehran, number=6, name="منطقه ۶")
    d12 = DistrictFactory(municipality=tehran, number=12, name="منطقه ۱۲")
    b1 = DistrictFactory(municipality=bumehen, number=1, name="منطقه مرکزی")
    hood6 = NeighbourhoodFactory(municipality=tehran, district=d6, name="یوسف‌آباد")
    hood12 = NeighbourhoodFactory(municipality=tehran, district=d12, name="بازار")
    health = AgencyFactory(municipality=tehran, name="اداره‌کل سلامت", kind="health")
    education_b = AgencyFactory(municipality=bumehen, name="آموزش و پرورش پردیس", kind="education")
    s6 = SchoolFactory(municipality=tehran, district=d6, name="دبستان فردوسی", code="1001")
    s12 = SchoolFactory(municipality=tehran, district=d12, name="دبستان حافظ", code="1002")
    sb = SchoolFactory(municipality=bumehen, district=b1, name="دبستان سعدی", code="2001")
    v6 = VenueFactory(municipality=tehran, district=d6, name="فرهنگسرای یوسف‌آباد")
    v12 = VenueFactory(municipality=tehran, district=d12, name="سرای محله بازار")
    return SimpleNamespace(
        tehran=tehran,
        bumehen=bumehen,
        d6=d6,
        d12=d12,
        b1=b1,
        hood6=hood6,
        hood12=hood12,
        health=health,
        education_b=education_b,
        s6=s6,
        s12=s12,
        sb=sb,
        v6=v6,
        v12=v12,
    )


def _member(world, role, **unit):
    user = UserFactory()
    MembershipFactory(
        user=user, municipality=unit.pop("municipality", world.tehran), role=role, **unit
    )
    return user


@pytest.fixture
def users(world):
    admin = UserFactory(is_superuser=True, is_staff=True)
    return {
        "platform_admin": admin,
        "directorate": _member(world, Role.DIRECTORATE),
        "coordinator_d6": _member(world, Role.DISTRICT_COORDINATOR, district=world.d6),
        "liaison_health": _member(world, Role.AGENCY_LIAISON, agency=world.health),
        "school_contact_s6": _member(world, Role.SCHOOL_CONTACT, school=world.s6),
        "trainer": _member(world, Role.TRAINER, district=world.d6),
        "volunteer": _member(world, Role.VOLUNTEER),
        "citizen": _member(world, Role.CITIZEN),
        "bumehen_directorate": _member(world, Role.DIRECTORATE, municipality=world.bumehen),
    }


@pytest.fixture
def client_for(users):
    def make(key: str) -> Client:
        client = Client()
        client.force_login(users[key])
        return client

    return make

"""Shared fixtures: two municipalities, a few org units, one signed-in client per role, and the
Chromium browser for the tests marked ``browser``.

``HAMAFZA_TEST_TODAY=2028-03-20`` runs the tests as if that were today (the whole run travels
there with time-machine, the clock ticking from the real time of day in Tehran); a full ISO
datetime is taken as it is. It proves the suite does not depend on the date it runs on."""

import datetime as dt
import os
import zoneinfo
from pathlib import Path
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

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
# The day the calendar-bound tests were written on: Thursday 12 Azar 1405, 10:00 in Tehran.
WRITTEN_ON = "2026-12-03T10:00"
_travel = None


def pytest_configure(config):
    global _travel
    today = os.environ.get("HAMAFZA_TEST_TODAY", "").strip()
    if not today or _travel is not None:
        return
    import time_machine

    _travel = time_machine.travel(_instant(today), tick=True)
    _travel.start()


def pytest_unconfigure(config):
    global _travel
    if _travel is not None:
        _travel.stop()
        _travel = None


def _instant(text: str) -> dt.datetime:
    """A day (at the real time of day in Tehran) or a full ISO datetime (Tehran unless it says)."""
    if "T" not in text:
        now = dt.datetime.now(TEHRAN)
        return dt.datetime.combine(dt.date.fromisoformat(text), now.timetz())
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=TEHRAN)


@pytest.fixture(autouse=True)
def _today(request):
    """``@pytest.mark.today("2026-03-21")`` runs a test on that day (the clock starts there and
    ticks); a bare ``@pytest.mark.today`` runs it on WRITTEN_ON. For tests written against a
    calendar (a session on Saturday 5 Dec 2026, the 1405 plan, Nowruz), so they pass whatever the
    real date; other tests take their dates relative to now. HAMAFZA_TEST_IGNORE_TODAY=1 (with
    HAMAFZA_TEST_TODAY) shows which of them still need the marker."""
    marker = request.node.get_closest_marker("today")
    if marker is None or os.environ.get("HAMAFZA_TEST_IGNORE_TODAY"):
        yield
        return
    import time_machine

    with time_machine.travel(_instant(marker.args[0] if marker.args else WRITTEN_ON), tick=True):
        yield


def pytest_report_header(config):
    if _travel is not None:
        return f"clock moved to {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')} (HAMAFZA_TEST_TODAY)"
    return None


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


# ----- real Chromium (Debian's), one browser for the whole run; tests marked ``browser`` -----

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_factory(browser):
    contexts = []

    def make(width=1366, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.foreign_requests = []
        page.on(
            "request",
            lambda r: (
                page.foreign_requests.append(r.url)
                if not r.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
                else None
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return save

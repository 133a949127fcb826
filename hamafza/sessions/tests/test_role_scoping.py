"""What an agency liaison, a trainer and a citizen read of the schedule, through the scoping gate:
a liaison the sessions counted to their agency (the plan line's agency, else the domain's owner),
the same in the list, the API and the export; a trainer the sessions they teach and nobody
else's; a citizen no staff rows through the API."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.core.scoping import scoped
from hamafza.exports import runner, services
from hamafza.org.middleware import scope_for_user
from hamafza.org.tests.factories import AgencyFactory
from hamafza.plans.models import DistrictPlan, Plan, PlanLine
from hamafza.sessions import selectors
from hamafza.sessions.models import Registration, Session
from hamafza.sessions.tests.conftest import at, plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 21)


def _api(user) -> Client:
    _, token = ApiToken.issue(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def agencies(world, pool, plan):  # noqa: F811
    """Health owns the health domain, the environment agency the waste domain; four sessions:
    health (district 6, taught by t6), waste (district 12, taught by t12), waste counted to a
    plan line naming health, health counted to a line naming the environment agency."""
    environment = AgencyFactory(municipality=world.tehran, name="سازمان محیط زیست")
    pool.health.owner_agency = world.health
    pool.health.save()
    pool.waste.owner_agency = environment
    pool.waste.save()
    year = Plan.objects.create(municipality=world.tehran, year=1405, title="برنامه ۱۴۰۵")
    part = DistrictPlan.objects.create(municipality=world.tehran, plan=year, district=world.d12)

    def line(domain, agency):
        return PlanLine.objects.create(
            municipality=world.tehran, district_plan=part, district=world.d12, domain=domain,
            agency=agency, quarter=3,
        )  # fmt: skip

    def session(domain, district, trainer, plan_line=None):
        start = at(DAY, 10)
        s = Session.objects.create(
            municipality=world.tehran, version=plan.version, lesson=plan.lesson, domain=domain,
            district=district, venue=world.v6 if district == world.d6 else world.v12,
            starts_at=start, ends_at=start + dt.timedelta(minutes=45), status="delivered",
            is_public=True, capacity=20, plan_line=plan_line,
        )  # fmt: skip
        s.trainers.add(trainer)
        return s

    health = session(pool.health, world.d6, pool.t6)
    waste = session(pool.waste, world.d12, pool.t12)
    waste_for_health = session(pool.waste, world.d12, pool.t12, line(pool.waste, world.health))
    health_for_env = session(pool.health, world.d12, pool.t12, line(pool.health, environment))
    Registration.objects.create(
        municipality=world.tehran, session=waste, name="مریم رضایی", mobile="09120000001",
        status="confirmed", client_id="00000000-0000-0000-0000-000000000001",
    )  # fmt: skip
    return {
        "health": health,
        "waste": waste,
        "waste_for_health": waste_for_health,
        "health_for_env": health_for_env,
    }


def _export_ids(user) -> set[int]:
    job = services.export_request(
        scope=scope_for_user(user), actor=user, kind="sessions", fmt="csv",
        date_from=DAY, date_to=DAY,
    )  # fmt: skip
    runner.run(job.pk)
    job.refresh_from_db()
    rows = list(csv.reader(io.StringIO(job.file.read().decode("utf-8-sig"))))
    return {int(r[0]) for r in rows[1:]}


def test_a_liaison_reads_the_sessions_of_their_agency_and_the_export_agrees(agencies, users):
    liaison = users["liaison_health"]
    scope = scope_for_user(liaison)
    mine = {agencies["health"].pk, agencies["waste_for_health"].pk}
    # the list (selector), the page, the API and the export: the same sessions
    assert set(selectors.session_list(scope=scope).values_list("pk", flat=True)) == mine
    page = Client()
    page.force_login(liaison)
    listed = page.get("/sessions/", {"start": DAY, "end": DAY})
    assert listed.status_code == 200
    assert {s.pk for s in listed.context["page"]} == mine
    api = _api(liaison)
    answer = api.get("/api/sessions/sessions").json()
    assert {s["id"] for s in answer["items"]} == mine
    assert _export_ids(liaison) == mine
    # another agency's session: not found, in the page and the API
    other = agencies["health_for_env"]  # the health domain, but counted to the other agency
    assert page.get(f"/sessions/{other.pk}/").status_code == 404
    assert api.get(f"/api/sessions/sessions/{other.pk}").status_code == 404
    assert page.get(f"/sessions/{agencies['waste'].pk}/").status_code == 404


def test_the_directorate_still_reads_and_exports_every_session(agencies, users):
    everyone = {s.pk for s in agencies.values()}
    scope = scope_for_user(users["directorate"])
    assert set(selectors.session_list(scope=scope).values_list("pk", flat=True)) == everyone
    assert _export_ids(users["directorate"]) == everyone


def test_a_trainer_reads_only_the_sessions_they_teach(agencies, users, pool):  # noqa: F811
    trainer = users["trainer"]  # t6: teaches the health session only
    own, others = agencies["health"], agencies["waste"]
    scope = scope_for_user(trainer)
    assert set(scoped(Session.objects.all(), scope)) == {own}
    assert list(scoped(Registration.objects.all(), scope)) == []  # the other's registrant
    page = Client()
    page.force_login(trainer)
    assert page.get(f"/sessions/{own.pk}/").status_code == 200
    for url in (
        f"/sessions/{others.pk}/",
        f"/sessions/{others.pk}/roster/",
        f"/sessions/{others.pk}/deliver/",
        f"/sessions/{others.pk}/checkin-code/",
    ):
        assert page.get(url).status_code == 404, url
    today = page.get("/sessions/today/")
    assert today.status_code == 200
    assert "مریم رضایی" not in today.content.decode()
    api = _api(trainer)
    assert api.get(f"/api/sessions/sessions/{own.pk}").status_code == 200
    assert api.get(f"/api/sessions/sessions/{others.pk}").status_code == 404
    assert api.get(f"/api/sessions/sessions/{others.pk}/registrations").status_code == 404
    # the other trainer does read their own registrant
    other_trainer = _api(pool.t12.user)
    names = other_trainer.get(f"/api/sessions/sessions/{others.pk}/registrations").json()
    assert [r["name"] for r in names] == ["مریم رضایی"]


API_LISTS = (
    "/api/sessions/sessions",
    "/api/plans/plans",
    "/api/trainers/trainers",
    "/api/agreements/agreements",
    "/api/camps/camps",
    "/api/meetings/meetings",
    "/api/surveys/surveys",
    "/api/assessment/tests",
)


@pytest.mark.parametrize("role", ["citizen", "volunteer"])
def test_a_citizen_gets_no_staff_rows_through_the_api(agencies, users, role):
    api = _api(users[role])
    for url in API_LISTS:
        answer = api.get(url)
        if answer.status_code == 200:
            body = answer.json()
            items = body["items"] if isinstance(body, dict) else body
            assert items == [], url
        else:
            assert answer.status_code in (403, 404), (url, answer.status_code)
    # and the gate itself gives a citizen no session, registration or trainer
    scope = scope_for_user(users[role])
    assert not scoped(Session.objects.all(), scope).exists()
    assert not scoped(Registration.objects.all(), scope).exists()

"""Every PATCH and PUT of the API names the version it read (core.concurrency): without one it is
refused with 422, with a stale one with 409, and in both cases nothing is written; with the right
one it succeeds and answers the new version. The operations are walked from the OpenAPI document,
so a new PATCH or PUT fails here until it has a case below and checks the version."""

import datetime as dt
import functools
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from hamafza.accounts.models import ApiToken
from hamafza.agreements.tests.conftest import deal  # noqa: F401 - reused fixture
from hamafza.api.api import api
from hamafza.meetings.models import ActionItem
from hamafza.meetings.tests.conftest import committee  # noqa: F401 - reused fixture
from hamafza.org.middleware import scope_for_user
from hamafza.plans import services as plan_services
from hamafza.sessions.models import Session
from hamafza.sessions.tests.conftest import at, plan  # noqa: F401 - reused fixture
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)

STALE = "2001-01-01T00:00:00+00:00"


def _line(o):
    coordinator = o.users["coordinator_d6"]
    joint = plan_services.plan_create(
        scope=scope_for_user(o.users["directorate"]), actor=o.users["directorate"], year=1405
    )
    part = joint.district_plans.get(district=o.world.d6)
    return plan_services.line_save(
        scope=scope_for_user(coordinator), actor=coordinator, district_plan=part,
        domain_id=o.pool.health.pk, agency_id=o.world.health.pk, quarter=1,
        targets={"sessions": 4},
    )  # fmt: skip


def _session(o):
    start = at(o.plan.day, 10)
    session = Session.objects.create(
        municipality=o.world.tehran, version=o.plan.version, lesson=o.plan.lesson,
        domain=o.plan.program.domain, district=o.world.d6, venue=o.world.v6, starts_at=start,
        ends_at=start + dt.timedelta(minutes=45), capacity=20, is_public=True,
    )  # fmt: skip
    session.trainers.add(o.pool.t6)
    return session


def _action(o):
    return ActionItem.objects.create(
        municipality=o.world.tehran, meeting=o.committee.d6_past, title="گزارش",
        owner=o.users["coordinator_d6"], due_on=timezone.localdate() + dt.timedelta(days=7),
    )  # fmt: skip


def _session_body(o, row):
    return {
        "starts_at": row.starts_at.isoformat(), "ends_at": row.ends_at.isoformat(),
        "trainer_ids": [o.pool.t6.pk], "venue_id": o.world.v6.pk, "capacity": 30,
        "is_public": True, "confirm_warnings": True,
    }  # fmt: skip


# operation id -> (who calls, the record, its URL, a valid change, the field it changes, new value)
CASES = {
    "districts_update": lambda o: (
        "directorate", o.world.d6, f"/api/org/districts/{o.world.d6.pk}",
        {"number": 6, "name": "منطقه شش"}, "name", "منطقه شش",
    ),
    "neighbourhoods_update": lambda o: (
        "directorate", o.world.hood6, f"/api/org/neighbourhoods/{o.world.hood6.pk}",
        {"district_id": o.world.d6.pk, "name": "یوسف‌آباد نو"}, "name", "یوسف‌آباد نو",
    ),
    "agencies_update": lambda o: (
        "directorate", o.world.health, f"/api/org/agencies/{o.world.health.pk}",
        {"name": "اداره‌کل سلامت شهر"}, "name", "اداره‌کل سلامت شهر",
    ),
    "schools_update": lambda o: (
        "directorate", o.world.s6, f"/api/org/schools/{o.world.s6.pk}",
        {"name": "دبستان فردوسی نو"}, "name", "دبستان فردوسی نو",
    ),
    "venues_update": lambda o: (
        "directorate", o.world.v6, f"/api/org/venues/{o.world.v6.pk}",
        {"name": "فرهنگسرای نو", "district_id": o.world.d6.pk}, "name", "فرهنگسرای نو",
    ),
    "programs_update": lambda o: (
        "directorate", o.plan.program, f"/api/catalogue/programs/{o.plan.program.pk}",
        {"title": "بهداشت فردی نو"}, "title", "بهداشت فردی نو",
    ),
    "plans_line_update": lambda o: (
        "coordinator_d6", (line := _line(o)),
        f"/api/plans/districts/{line.district_plan_id}/lines/{line.pk}",
        {"domain_id": o.pool.health.pk, "agency_id": o.world.health.pk, "quarter": 1,
         "sessions": 9}, "sessions", 9,
    ),
    "sessions_update": lambda o: (
        "coordinator_d6", (row := _session(o)), f"/api/sessions/sessions/{row.pk}",
        _session_body(o, row), "capacity", 30,
    ),
    "meetings_action_update": lambda o: (
        "coordinator_d6", (item := _action(o)), f"/api/meetings/actions/{item.pk}",
        {"status": "done", "note": "انجام شد"}, "status", "done",
    ),
    "agreements_update": lambda o: (
        "directorate", o.deal.agreement, f"/api/agreements/agreements/{o.deal.agreement.pk}",
        {"title": "تفاهم‌نامه نو", "starts_on": o.deal.agreement.starts_on.isoformat(),
         "ends_on": o.deal.agreement.ends_on.isoformat()}, "title", "تفاهم‌نامه نو",
    ),
}  # fmt: skip


@functools.cache
def _document():
    return api.get_openapi_schema()


def _edit_operations():
    document = _document()
    return {
        op["operationId"]: (verb, path, op)
        for path, ops in document["paths"].items()
        for verb, op in ops.items()
        if verb in ("patch", "put")
    }


def _request_schema(op):
    document = _document()
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_every_patch_and_put_operation_has_a_version_case():
    assert set(_edit_operations()) == set(CASES)


@pytest.mark.parametrize("operation_id", sorted(CASES))
def test_the_schema_requires_the_version_and_documents_the_conflict(operation_id):
    _verb, _path, op = _edit_operations()[operation_id]
    assert "version" in _request_schema(op).get("required", [])
    assert {409, "409"} & set(op["responses"])


@pytest.fixture
def edit_world(world, users, pool, plan, deal, committee):  # noqa: F811
    return SimpleNamespace(
        world=world, users=users, pool=pool, plan=plan, deal=deal, committee=committee
    )


def _client(user) -> Client:
    _, token = ApiToken.issue(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("operation_id", sorted(CASES))
def test_a_missing_or_stale_version_is_refused_and_the_right_one_succeeds(edit_world, operation_id):
    # given
    verb, _path, _op = _edit_operations()[operation_id]
    who, row, url, change, field, value = CASES[operation_id](edit_world)
    client = _client(edit_world.users[who])
    send = getattr(client, verb)
    row.refresh_from_db()
    before = (getattr(row, field), row.updated_at)

    # when the version is missing, then 422 and nothing written
    missing = send(url, change, content_type="application/json")
    assert missing.status_code == 422, missing.content
    row.refresh_from_db()
    assert (getattr(row, field), row.updated_at) == before

    # when it is stale, then 409 with a reason and nothing written
    stale = send(url, {**change, "version": STALE}, content_type="application/json")
    assert stale.status_code == 409, stale.content
    assert stale.json()["detail"]
    row.refresh_from_db()
    assert (getattr(row, field), row.updated_at) == before

    # when it is the one read, then saved, and the answer carries the new version
    read = row.updated_at.isoformat()
    fresh = send(url, {**change, "version": read}, content_type="application/json")
    assert fresh.status_code == 200, fresh.content
    row.refresh_from_db()
    assert getattr(row, field) == value
    assert row.updated_at > before[1]
    assert (
        dt.datetime.fromisoformat(fresh.json()["version"])
        == row.updated_at.replace(microsecond=row.updated_at.microsecond // 1000 * 1000)
        or fresh.json()["version"] == row.updated_at.isoformat()
    )

    # and sending the old version again is now stale
    again = send(url, {**change, "version": read}, content_type="application/json")
    assert again.status_code == 409

"""Answers the route × role matrix found wrong, each checked on its own: a page and its API
operation agree, and a refused principal is refused before any form is read."""

import datetime as dt

from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.core.scoping import Role
from hamafza.org.middleware import scope_for_user
from hamafza.org.tests.factories import MembershipFactory, UserFactory
from hamafza.plans import services as plan_services
from hamafza.plans.models import DistrictPlan
from hamafza.trainers.models import Leave
from hamafza.trainers.tests.conftest import pool  # noqa: F401 - reused fixture


def _api(user) -> Client:
    _, key = ApiToken.issue(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_the_standards_ladder_is_read_by_the_same_people_on_the_page_and_in_the_api(
    users,
    client_for,
    pool,  # noqa: F811
):
    for key in ("citizen", "volunteer", "school_contact_s6", "trainer"):
        assert client_for(key).get("/trainers/ladder/").status_code == 403, key
        assert _api(users[key]).get("/api/trainers/domains").status_code == 403, key
    assert client_for("liaison_health").get("/trainers/ladder/").status_code == 200
    answer = _api(users["liaison_health"]).get("/api/trainers/domains")
    assert answer.status_code == 200
    assert {d["name"] for d in answer.json()} >= {"سلامت", "پسماند"}


def test_another_districts_coordinator_reads_a_trainers_observations_neither_on_the_page_nor_in_the_api(
    world,
    users,
    client_for,
    pool,  # noqa: F811
):
    other = UserFactory()
    MembershipFactory(
        user=other, municipality=world.tehran, role=Role.DISTRICT_COORDINATOR, district=world.d12
    )
    other_client = Client()
    other_client.force_login(other)
    page = f"/assessment/trainers/{pool.t6.pk}/observations/"
    assert other_client.get(page).status_code == 403
    assert _api(other).get(f"/api/assessment/trainers/{pool.t6.pk}/observations").status_code == 404
    # the trainer's own coordinator and the trainer themself still read them
    assert client_for("coordinator_d6").get(page).status_code == 200
    assert client_for("trainer").get(page).status_code == 200


def test_leave_for_a_trainer_is_refused_to_who_may_not_change_their_calendar(
    world,
    users,
    client_for,
    pool,  # noqa: F811
):
    url = f"/trainers/{pool.t6.pk}/leave/"
    form = {"starts_on": "1405/10/01", "ends_on": "1405/10/02", "reason": "سفر"}
    other = UserFactory()
    MembershipFactory(
        user=other, municipality=world.tehran, role=Role.DISTRICT_COORDINATOR, district=world.d12
    )
    strangers = [client_for("liaison_health"), Client()]
    strangers[1].force_login(other)
    for client in strangers:
        assert client.post(url, form).status_code == 403
        assert client.post(url, {}).status_code == 403  # refused before the form is read
    assert not Leave.objects.filter(trainer=pool.t6).exists()
    # the trainer's district coordinator adds it
    assert client_for("coordinator_d6").post(url, form).status_code == 302
    assert Leave.objects.filter(trainer=pool.t6, starts_on__gt=dt.date(2026, 1, 1)).exists()


def test_who_may_not_read_plans_cannot_act_on_a_districts_plan(world, users, client_for):
    directorate = users["directorate"]
    plan_services.plan_create(scope=scope_for_user(directorate), actor=directorate, year=1405)
    part = DistrictPlan.objects.get(district=world.d6)
    for key in ("school_contact_s6", "trainer", "citizen"):
        answer = client_for(key).post(f"/plans/district/{part.pk}/action/", {"action": "submit"})
        assert answer.status_code == 403, key
    part.refresh_from_db()
    assert part.status == DistrictPlan.Status.DRAFT

import pytest
from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.sessions.models import Session
from hamafza.sessions.tests.conftest import at
from hamafza.trainers.models import WeeklyAvailability


@pytest.fixture
def api_for(users):
    def make(key):
        _, token = ApiToken.issue(users[key], "test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    return make


def payload(plan, world, pool, **overrides):
    data = {
        "lesson_id": plan.lesson.pk,
        "starts_at": at(plan.day, 9).isoformat(),
        "ends_at": at(plan.day, 10).isoformat(),
        "trainer_ids": [pool.t6.pk],
        "school_id": world.s6.pk,
        "class_label": "5/2",
    }
    data.update(overrides)
    return data


def test_create_list_and_conflicts_through_the_api(plan, world, pool, api_for):
    client = api_for("coordinator_d6")
    response = client.post(
        "/api/sessions/sessions", payload(plan, world, pool), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = response.json()["sessions"][0]
    assert created["district_id"] == world.d6.pk and created["trainer_ids"] == [pool.t6.pk]
    clash = client.post(
        "/api/sessions/sessions", payload(plan, world, pool), content_type="application/json"
    )
    assert clash.status_code == 422
    assert any("شستن دست‌ها" in m for m in clash.json()["detail"]["__all__"])  # names the clash
    listed = client.get("/api/sessions/sessions").json()["items"]
    assert [s["id"] for s in listed] == [created["id"]]
    assert (
        api_for("bumehen_directorate").get(f"/api/sessions/sessions/{created['id']}").status_code
        == 404
    )


def test_soft_conflicts_answer_409_until_confirmed(plan, world, pool, api_for):
    WeeklyAvailability.objects.create(
        municipality=world.tehran, trainer=pool.t6, weekday=5, starts_at="14:00", ends_at="18:00"
    )
    client = api_for("directorate")
    response = client.post(
        "/api/sessions/sessions", payload(plan, world, pool), content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["warnings"]
    assert not Session.objects.exists()
    response = client.post(
        "/api/sessions/sessions",
        payload(plan, world, pool, confirm_warnings=True),
        content_type="application/json",
    )
    assert response.status_code == 201


@pytest.mark.parametrize("role", ["liaison_health", "trainer", "citizen"])
def test_api_scheduling_denied(plan, world, pool, api_for, role):
    response = api_for(role).post(
        "/api/sessions/sessions", payload(plan, world, pool), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Session.objects.exists()


def test_coordinator_cannot_schedule_in_another_district_via_api(plan, world, pool, api_for):
    response = api_for("coordinator_d6").post(
        "/api/sessions/sessions",
        payload(plan, world, pool, school_id=world.s12.pk),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Session.objects.exists()

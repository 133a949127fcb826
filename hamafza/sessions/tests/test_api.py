import pytest
from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.sessions.models import Session
from hamafza.sessions.tests.conftest import at
from hamafza.trainers.models import WeeklyAvailability

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


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


def test_change_confirm_and_take_attendance_through_the_api(plan, world, pool, api_for):
    import datetime as dt

    from django.utils import timezone

    from hamafza.sessions.tests.test_registration import reg

    coordinator = api_for("coordinator_d6")
    start = timezone.now() + dt.timedelta(days=2)
    body = payload(
        plan, world, pool, school_id=None, class_label="", venue_id=world.v6.pk,
        starts_at=start.isoformat(), ends_at=(start + dt.timedelta(hours=1)).isoformat(),
        is_public=True, capacity=10, confirm_warnings=True,
    )  # fmt: skip
    created = coordinator.post("/api/sessions/sessions", body, content_type="application/json")
    session = created.json()["sessions"][0]
    change = {k: body[k] for k in ("trainer_ids", "venue_id", "capacity", "is_public")}
    change.update(starts_at=body["starts_at"], ends_at=body["ends_at"], confirm_warnings=True)
    url = f"/api/sessions/sessions/{session['id']}"
    stale = coordinator.put(
        url, {**change, "capacity": 12, "version": "2001-01-01T00:00:00Z"},
        content_type="application/json",
    )  # fmt: skip
    assert stale.status_code == 409
    fresh = coordinator.put(
        url, {**change, "capacity": 12, "version": session["updated_at"]},
        content_type="application/json",
    )  # fmt: skip
    assert fresh.status_code == 200 and fresh.json()["capacity"] == 12
    assert coordinator.post(f"{url}/confirm").json()["status"] == "confirmed"

    person = reg(Session.objects.get(pk=session["id"]), "09120000111")
    trainer = api_for("trainer")
    mark = {"registration_id": person.pk, "mark": "present"}
    early = trainer.post(f"{url}/attendance", mark, content_type="application/json")
    assert early.status_code == 422  # the session has not started
    Session.objects.filter(pk=session["id"]).update(
        starts_at=timezone.now() - dt.timedelta(minutes=1),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    done = trainer.post(f"{url}/attendance", mark, content_type="application/json")
    assert done.status_code == 200 and done.json()["attendance"] == "present"
    people = trainer.get(f"{url}/registrations").json()
    assert [(p["mobile"], p["attendance"]) for p in people] == [("09120000111", "present")]
    # a coordinator schedules but does not take attendance; a school contact sees nothing
    assert (
        coordinator.post(f"{url}/attendance", mark, content_type="application/json").status_code
        == 403
    )
    assert api_for("school_contact_s6").get(f"{url}/registrations").status_code == 404

"""Regressions from the review of the sessions app."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hamafza.accounts.models import ApiToken
from hamafza.notifications.testing import sent_sms
from hamafza.org.middleware import scope_for_user
from hamafza.sessions import registration, services
from hamafza.sessions.models import Registration, Session
from hamafza.sessions.tests.conftest import at
from hamafza.sessions.tests.test_registration import open_session, reg

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


def api(users, key):
    _, token = ApiToken.issue(users[key], "t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("anchor", ["0001-01-01", "9999-12-31"])
def test_far_calendar_dates_do_not_fail(world, client_for, anchor):
    for view in ("week", "month"):
        assert (
            client_for("directorate")
            .get(reverse("sessions:calendar"), {"at": anchor, "view": view})
            .status_code
            == 200
        )


def test_api_takes_times_without_a_zone_and_refuses_absurd_ones(plan, world, pool, users):
    client = api(users, "directorate")
    body = {"lesson_id": plan.lesson.pk, "starts_at": "2026-12-05T09:00:00", "ends_at": "2026-12-05T10:00:00",
            "trainer_ids": [pool.t6.pk], "school_id": world.s6.pk, "class_label": "5/2"}  # fmt: skip
    assert (
        client.post("/api/sessions/sessions", body, content_type="application/json").status_code
        == 201
    )
    assert Session.objects.get().starts_at == at(dt.date(2026, 12, 5), 9)  # Tehran time
    far = {**body, "starts_at": "9999-12-31T09:00:00+03:30", "ends_at": "9999-12-31T10:00:00+03:30"}
    assert (
        client.post("/api/sessions/sessions", far, content_type="application/json").status_code
        == 422
    )
    huge = {**body, "trainer_ids": [2**70]}
    assert (
        client.post("/api/sessions/sessions", huge, content_type="application/json").status_code
        == 422
    )
    assert client.get("/api/sessions/sessions", {"end": "9999-12-31"}).status_code == 200
    assert Session.objects.count() == 1


def test_a_whole_school_session_clashes_with_its_classes(plan, world, pool, users):
    scope, actor = scope_for_user(users["directorate"]), users["directorate"]
    common = {
        "lesson_id": plan.lesson.pk,
        "starts_at": at(plan.day, 9),
        "ends_at": at(plan.day, 10),
        "school_id": world.s6.pk,
    }
    services.session_schedule(
        scope=scope, actor=actor, trainer_ids=[pool.t6.pk], **common
    )  # no class: whole school
    with pytest.raises(ValidationError):
        services.session_schedule(
            scope=scope, actor=actor, trainer_ids=[pool.t12.pk], class_label="5/1", **common
        )


def test_no_promotion_into_a_session_that_has_begun(plan, world, pool, users):
    session = open_session(plan, world, pool, users, capacity=1)
    first, waiting = reg(session, "09120000101"), reg(session, "09120000102")
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    assert registration.cancel(registration=first) is None
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED


def test_cancelling_a_public_session_cancels_places_and_tells_people(
    plan, world, pool, users, django_capture_on_commit_callbacks
):
    session = open_session(plan, world, pool, users)
    reg(session, "09120000101")
    sent_sms().clear()  # what earlier steps queued goes first
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(
            scope=scope_for_user(users["directorate"]),
            actor=users["directorate"],
            session=session,
            reason="باران",
        )
    assert not session.registrations.exclude(status="cancelled").exists()
    assert [m.to for m in sent_sms()] == ["09120000101"]


def test_a_form_cannot_register_for_a_second_session(plan, world, pool, users):
    first = open_session(plan, world, pool, users)
    person = reg(first, "09120000101")
    Session.objects.filter(pk=first.pk).update(  # a day later, so the second can take the slot
        starts_at=first.starts_at + dt.timedelta(days=1),
        ends_at=first.ends_at + dt.timedelta(days=1),
    )
    second = open_session(plan, world, pool, users)
    with pytest.raises(ValidationError):
        registration.register(
            session_id=second.pk, name="x", mobile="09120000109", client_id=person.client_id
        )


def test_a_trainer_reads_their_own_session(plan, world, pool, users, client_for):
    (session,), _ = services.session_schedule(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"], lesson_id=plan.lesson.pk,
        starts_at=at(plan.day, 9), ends_at=at(plan.day, 10), trainer_ids=[pool.t6.pk], school_id=world.s6.pk,
    )  # fmt: skip
    assert client_for("trainer").get(session.get_absolute_url()).status_code == 200
    other = Client()
    other.force_login(pool.t12.user)
    assert other.get(session.get_absolute_url()).status_code == 404

import datetime as dt
import re
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from hamafza.core.persian import to_latin_digits
from hamafza.notifications.testing import sent_sms
from hamafza.org.middleware import scope_for_user
from hamafza.sessions import registration, services
from hamafza.sessions.models import Registration, Session

pytestmark = pytest.mark.today  # written against the calendar of Azar 1405 (conftest.py)


def open_session(plan, world, pool, users, capacity=2):
    start = timezone.now() + dt.timedelta(days=3)
    (session,), _ = services.session_schedule(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"], lesson_id=plan.lesson.pk,
        starts_at=start, ends_at=start + dt.timedelta(hours=1), trainer_ids=[pool.t6.pk], venue_id=world.v6.pk,
        capacity=capacity, is_public=True, confirm_warnings=True,
    )  # fmt: skip
    return session


def texted_code(mobile: str) -> str:
    """The registration code in the last text to ``mobile`` (in whatever digits it was written)."""
    body = [m for m in sent_sms() if m.to == mobile][-1].body
    (code,) = re.findall(rf"\d{{{registration.CODE_DIGITS}}}", to_latin_digits(body))
    return code


def reg(session, mobile, name="شهروند"):
    return registration.register(
        session_id=session.pk, name=name, mobile=mobile, client_id=uuid.uuid4()
    )


@pytest.fixture
def public(plan, world, pool, users):
    sent_sms().clear()  # what earlier steps queued goes first
    return open_session(plan, world, pool, users)


def test_capacity_then_waitlist_then_promotion(public):
    a = reg(public, "09120000101")
    b = reg(public, "09120000102")
    c = reg(public, "09120000103")
    assert [a.status, b.status, c.status] == ["confirmed", "confirmed", "waitlisted"]
    assert len(sent_sms()) == 3
    promoted = registration.cancel(registration=a)
    assert promoted == c
    c.refresh_from_db()
    assert c.status == "confirmed" and sent_sms()[-1].to == "09120000103"
    assert public.registrations.filter(status="confirmed").count() == 2


def test_same_mobile_twice_and_resent_form(public):
    first = reg(public, "09120000101")
    with pytest.raises(ValidationError):
        reg(public, "۰۹۱۲۰۰۰۰۱۰۱")  # same number, Persian digits
    again = registration.register(
        session_id=public.pk, name="x", mobile="09120000101", client_id=first.client_id
    )
    assert again == first and Registration.objects.count() == 1


@pytest.mark.parametrize("mobile", ["0912", "abc", ""])
def test_bad_mobile_is_refused(public, mobile):
    with pytest.raises(ValidationError):
        reg(public, mobile)
    assert not Registration.objects.exists()


def test_private_past_or_cancelled_sessions_take_no_registrations(public, users):
    Session.objects.filter(pk=public.pk).update(is_public=False)
    with pytest.raises(ValidationError):
        reg(public, "09120000101")
    Session.objects.filter(pk=public.pk).update(
        is_public=True, starts_at=timezone.now() - dt.timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        reg(public, "09120000101")
    assert not Registration.objects.exists()


def test_public_pages_without_an_account(public, client):
    assert (
        public.get_absolute_url()
        not in client.get(reverse("sessions:public_list")).content.decode()
    )
    assert (
        reverse("sessions:public_register", args=[public.pk])
        in client.get(reverse("sessions:public_list")).content.decode()
    )
    form = client.post(
        reverse("sessions:public_register", args=[public.pk]),
        {"name": "مینا", "mobile": "09121234567", "client_id": str(uuid.uuid4())},
    )
    assert form.status_code == 302 and not Registration.objects.exists()  # a code first
    response = client.post(form["Location"], {"code": texted_code("09121234567")})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert 'id="reg-status"' in page.content.decode()
    client.post(response["Location"])
    assert Registration.objects.get().status == "cancelled"
    bad = client.post(
        reverse("sessions:public_register", args=[public.pk]), {"name": "", "mobile": "1"}
    )
    assert bad.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_capacity_holds_exactly_under_concurrency(plan, world, pool, users):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL guarantee; SQLite serialises writers anyway")
    session = open_session(plan, world, pool, users, capacity=10)
    barrier = threading.Barrier(30)
    errors = []

    def worker(i):
        try:
            barrier.wait()
            reg(session, f"0912{i:07d}")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert session.registrations.filter(status="confirmed").count() == 10
    assert session.registrations.filter(status="waitlisted").count() == 20


@pytest.fixture
def started_public(plan, world, pool, users):
    """A public session that started ten minutes ago, with two confirmed people and one waiting."""
    session = open_session(plan, world, pool, users, capacity=2)
    people = [reg(session, f"091200001{i:02d}", name=f"نفر {i}") for i in range(3)]
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=10),
        ends_at=timezone.now() + dt.timedelta(minutes=50),
    )
    session.refresh_from_db()
    return session, people


def test_roster_one_tap_per_person(started_public, client_for):
    session, (a, b, waiting) = started_public
    client = client_for("trainer")
    assert (
        client.post(
            reverse("sessions:roster", args=[session.pk]), {"registration": a.pk, "mark": "present"}
        ).status_code
        == 200
    )
    client.post(
        reverse("sessions:roster", args=[session.pk]), {"registration": b.pk, "mark": "late"}
    )
    assert dict(session.attendance.values_list("registration_id", "mark")) == {
        a.pk: "present",
        b.pk: "late",
    }
    client.post(
        reverse("sessions:roster", args=[session.pk]), {"registration": b.pk, "mark": "absent"}
    )
    assert session.attendance.count() == 1
    # someone on the waitlist (not registered for a seat) cannot be marked
    response = client.post(
        reverse("sessions:roster", args=[session.pk]),
        {"registration": waiting.pk, "mark": "present"},
    )
    assert response.status_code == 400 and session.attendance.count() == 1
    # the report counts the roster
    client.post(
        reverse("sessions:deliver", args=[session.pk]),
        {"client_id": str(uuid.uuid4()), "summary": "خوب"},
    )
    session.refresh_from_db()
    assert session.status == "delivered" and session.report.present == 1


def test_roster_before_the_start_or_by_others_is_refused(plan, world, pool, users, client_for):
    session = open_session(plan, world, pool, users)
    person = reg(session, "09120000199")
    response = client_for("trainer").post(
        reverse("sessions:roster", args=[session.pk]),
        {"registration": person.pk, "mark": "present"},
    )
    assert response.status_code == 400 and not session.attendance.exists()  # not started yet
    assert (
        client_for("coordinator_d6")
        .post(
            reverse("sessions:roster", args=[session.pk]),
            {"registration": person.pk, "mark": "present"},
        )
        .status_code
        == 404
    )


def test_roster_tap_from_the_phone_answers_with_the_roster_alone(
    started_public, client_for, django_assert_max_num_queries
):
    session, (a, b, waiting) = started_public
    client = client_for("trainer")
    url = reverse("sessions:roster", args=[session.pk])
    client.post(url, {"registration": a.pk, "mark": "present"}, HTTP_HX_REQUEST="true")
    # a tap is frequent: changing a mark stays a handful of queries
    # (the monitoring rollups count attendance by trigger, inside the upsert)
    with django_assert_max_num_queries(10):
        response = client.post(url, {"registration": a.pk, "mark": "late"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "alert-danger" not in html
    assert f'data-mark="late" hx-vals=\'{{"registration": "{a.pk}"}}\'' in html
    assert f'data-mark="absent" hx-vals=\'{{"registration": "{b.pk}"}}\'' in html
    assert dict(session.attendance.values_list("registration_id", "mark")) == {a.pk: "late"}
    # htmx swaps only successful answers: a refused tap comes back as a 200 with the message
    response = client.post(
        url, {"registration": waiting.pk, "mark": "present"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "alert-danger" in response.content.decode()
    assert session.attendance.count() == 1


def test_a_reminder_goes_once_to_confirmed_people_the_day_before(public):
    a = reg(public, "09120000101")
    reg(public, "09120000102")
    waiting = reg(public, "09120000103")
    registration.cancel(registration=a)  # 103 is promoted; 101 cancelled
    sent_sms().clear()  # what earlier steps queued goes first
    # three days ahead: too early
    assert registration.send_reminders() == 0
    day_before = public.starts_at - dt.timedelta(hours=20)
    assert registration.send_reminders(now=day_before) == 2
    sent = sorted(m.to for m in sent_sms())
    assert sent == ["09120000102", waiting.mobile]
    assert public.lesson.title in sent_sms()[0].body
    assert registration.send_reminders(now=day_before) == 0  # never twice
    assert len(sent_sms()) == 2


def test_the_reminder_task_is_registered_with_the_queue():
    from huey.contrib.djhuey import HUEY

    from hamafza.sessions import tasks

    task = tasks.remind_registered.task_class
    assert task in HUEY._registry._periodic_tasks
    # huey hands its schedule naive times
    assert task().validate_datetime(dt.datetime(2026, 12, 1, 9, 15))  # noqa: DTZ001
    assert not task().validate_datetime(dt.datetime(2026, 12, 1, 9, 7))  # noqa: DTZ001


def test_trainers_hear_of_tomorrows_session_once(plan, world, pool, users):
    from hamafza.notifications.models import Notification
    from hamafza.sessions.reminders import remind_trainers

    start = timezone.now() + dt.timedelta(hours=20)
    (session,), _ = services.session_schedule(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"], lesson_id=plan.lesson.pk,
        starts_at=start, ends_at=start + dt.timedelta(hours=1), trainer_ids=[pool.t6.pk, pool.t12.pk],
        venue_id=world.v6.pk, confirm_warnings=True,
    )  # fmt: skip
    assert remind_trainers(now=start - dt.timedelta(days=3)) == 0  # too early
    assert remind_trainers() == 2
    assert remind_trainers() == 0  # a second run tells nobody again
    told = Notification.objects.filter(kind="session_tomorrow")
    assert set(told.values_list("recipient", flat=True)) == {pool.t6.user_id, pool.t12.user_id}
    assert (
        plan.lesson.title in told.first().title and told.first().link == session.get_absolute_url()
    )
    # moved to another day: the trainers hear of the new date
    Session.objects.filter(pk=session.pk).update(
        starts_at=start + dt.timedelta(hours=2), ends_at=start + dt.timedelta(hours=3)
    )
    assert remind_trainers() == 2


def test_one_client_cannot_fill_a_session_or_text_made_up_numbers(plan, world, pool, users):
    from django.test import Client

    from hamafza.core.ratelimit import ANONYMOUS_LIMITS

    session = open_session(plan, world, pool, users, capacity=30)
    sent_sms().clear()  # what earlier steps queued goes first
    script = Client(REMOTE_ADDR="198.51.100.9")
    per_address, _per_session = ANONYMOUS_LIMITS["register"]
    answers = [
        script.post(
            reverse("sessions:public_register", args=[session.pk]),
            {"name": "ربات", "mobile": f"0912555{n:04d}", "client_id": str(uuid.uuid4())},
        ).status_code
        for n in range(per_address + 5)
    ]
    # the first ones are sent a code, then the address is refused with a reason
    assert answers[:per_address] == [302] * per_address
    assert set(answers[per_address:]) == {429}
    assert not Registration.objects.filter(session=session).exists()  # no code, no place
    assert len(sent_sms()) <= per_address
    # a person elsewhere still registers
    person = Client(REMOTE_ADDR="203.0.113.7")
    response = person.post(
        reverse("sessions:public_register", args=[session.pk]),
        {"name": "مینا", "mobile": "09121234567", "client_id": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    assert (
        person.post(response["Location"], {"code": texted_code("09121234567")}).status_code == 302
    )
    assert Registration.objects.get(session=session).mobile == "09121234567"

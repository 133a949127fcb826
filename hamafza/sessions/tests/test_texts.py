"""Texts to mobile numbers leave through the queue, never from the request: a failing gateway
cannot turn a saved registration into a 500, lose a cancellation, mark someone reminded who was
not, or tell a stranger which numbers have accounts."""

import datetime as dt
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from hamafza.core.persian import to_latin_digits
from hamafza.core.sms import BaseSmsBackend
from hamafza.notifications import services
from hamafza.notifications.models import Delivery
from hamafza.notifications.testing import sent_sms
from hamafza.sessions import registration
from hamafza.sessions.models import Registration
from hamafza.sessions.tests.test_registration import open_session

calls = []


class BrokenGateway(BaseSmsBackend):
    """A gateway that times out, and counts how often it was asked."""

    def send(self, message):
        calls.append(message.to)
        raise TimeoutError("gateway timed out")


@pytest.fixture
def broken(settings):
    calls.clear()
    settings.SMS_BACKEND = f"{__name__}.BrokenGateway"
    settings.NOTIFICATION_RETRY_DELAYS = (30, 120)


def test_a_registration_is_kept_and_its_text_retried_when_the_gateway_fails(
    plan, world, pool, users, client, broken
):
    session = open_session(plan, world, pool, users, capacity=5)
    form = client.post(
        reverse("sessions:public_register", args=[session.pk]),
        {"name": "مینا", "mobile": "09121234567", "client_id": str(uuid.uuid4())},
    )
    assert form.status_code == 302  # the code is on its way, whatever the gateway does
    assert calls == []  # the request did not wait for the gateway
    code_text = Delivery.objects.get(address="09121234567")
    outcome = services.deliver(delivery_id=code_text.pk)
    assert outcome.status == Delivery.Status.QUEUED and outcome.retry_in == 30  # tried again later
    assert calls == ["09121234567"]
    # the gateway comes back; the person enters the code, and the confirmation is queued
    (code,) = re.findall(r"\d{6}", to_latin_digits(code_text.notification.body))
    response = client.post(form["Location"], {"code": code})
    assert response.status_code == 302  # the person is registered, whatever the gateway does
    assert Registration.objects.filter(session=session, mobile="09121234567").exists()
    assert calls == ["09121234567"]
    text = Delivery.objects.exclude(pk=code_text.pk).get(address="09121234567")
    outcome = services.deliver(delivery_id=text.pk)
    assert outcome.status == Delivery.Status.QUEUED and outcome.retry_in == 30


def test_every_cancellation_text_is_queued_with_the_cancellation(plan, world, pool, users, broken):
    session = open_session(plan, world, pool, users, capacity=5)
    for n in range(5):
        registration.register(
            session_id=session.pk, name="شهروند", mobile=f"0912000{n:04d}", client_id=uuid.uuid4()
        )
    Delivery.objects.all().delete()
    told = registration.cancel_all(session=session)
    assert told == 5
    assert Delivery.objects.filter(status=Delivery.Status.QUEUED).count() == 5  # none lost


def test_a_reminder_is_marked_only_with_its_text_queued(plan, world, pool, users, broken):
    session = open_session(plan, world, pool, users, capacity=5)
    person = registration.register(
        session_id=session.pk, name="شهروند", mobile="09120000101", client_id=uuid.uuid4()
    )
    Delivery.objects.all().delete()
    sent = registration.send_reminders(now=session.starts_at - dt.timedelta(hours=3))
    person.refresh_from_db()
    assert sent == 1 and person.reminded_at is not None
    queued = Delivery.objects.get(address="09120000101")
    assert queued.status == Delivery.Status.QUEUED and "یادآوری" in queued.notification.body


def test_a_failing_gateway_does_not_tell_which_numbers_have_accounts(client, broken, db):
    get_user_model().objects.create_user(username="known", mobile="09121112233")
    known = client.post(reverse("accounts:password_reset"), {"identifier": "09121112233"})
    unknown = client.post(reverse("accounts:password_reset"), {"identifier": "09129998877"})
    assert known.status_code == unknown.status_code == 200
    assert known.content.decode().count("<form") == unknown.content.decode().count("<form")
    assert calls == []  # nothing waited on the gateway
    assert Delivery.objects.filter(address="09121112233").count() == 1


def test_the_text_reaches_the_gateway_as_written(plan, world, pool, users):
    session = open_session(plan, world, pool, users, capacity=5)
    sent_sms().clear()
    registration.register(
        session_id=session.pk, name="مینا", mobile="09121234567", client_id=uuid.uuid4()
    )
    (message,) = sent_sms()
    assert message.to == "09121234567"
    assert session.lesson.title in message.body and message.body.startswith("هم‌افزا")

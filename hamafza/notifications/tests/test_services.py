import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hamafza.notifications import kinds, selectors, services, tasks
from hamafza.notifications.models import Channel, Delivery, Notification, Preference


def _deliveries(user):
    return {d.channel: d for d in Delivery.objects.filter(notification__recipient=user)}


def test_defaults_in_app_and_email_but_sms_only_for_urgent_kinds(person):
    # given a person with both addresses and no preference rows
    # when a plain and an urgent notice go out
    services.notify(recipients=[person], kind=kinds.PLAN_RETURNED, title="t1")
    services.notify(recipients=[person.pk], kind=kinds.SESSION_TOMORROW, title="t2")
    # then both are in the app; only the urgent one goes by SMS
    assert Notification.objects.filter(recipient=person).count() == 2
    plain = Delivery.objects.filter(notification__title="t1")
    urgent = Delivery.objects.filter(notification__title="t2")
    assert set(plain.values_list("channel", flat=True)) == {Channel.EMAIL}
    assert set(urgent.values_list("channel", flat=True)) == {Channel.EMAIL, Channel.SMS}
    assert set(urgent.values_list("status", flat=True)) == {Delivery.Status.QUEUED}


def test_preferences_are_respected(person):
    # given the person turned e-mail off and SMS on for returned plans
    services.preferences_save(
        user=person, enabled={(kinds.PLAN_RETURNED, Channel.SMS), (kinds.GENERIC, Channel.EMAIL)}
    )
    assert Preference.objects.filter(user=person).count() == len(kinds.all_kinds()) * 2
    # when
    services.notify(recipients=[person], kind=kinds.PLAN_RETURNED, title="x")
    services.notify(recipients=[person], kind=kinds.SESSION_TOMORROW, title="y")
    # then
    assert set(
        Delivery.objects.filter(notification__title="x").values_list("channel", flat=True)
    ) == {Channel.SMS}
    assert not Delivery.objects.filter(notification__title="y").exists()  # urgent turned off
    assert Notification.objects.filter(recipient=person, title="y").exists()  # in-app stays


def test_invalid_recipients_are_reported_not_dropped(users, caplog):
    # given one person without e-mail and with a broken mobile, one with nothing
    broken = users["volunteer"]
    broken.mobile = "0912"
    broken.save()
    bare = users["citizen"]
    # when
    services.notify(recipients=[broken, bare], kind=kinds.SESSION_TOMORROW, title="z")
    # then every wanted channel has a delivery, marked invalid with the reason
    mine = _deliveries(broken)
    assert mine[Channel.EMAIL].status == Delivery.Status.INVALID
    assert mine[Channel.EMAIL].last_error == "no e-mail address"
    assert mine[Channel.SMS].status == Delivery.Status.INVALID
    assert mine[Channel.SMS].last_error == "invalid mobile number"
    assert _deliveries(bare)[Channel.SMS].last_error == "no mobile number"
    assert "not sent by sms" in caplog.text
    # and they are what admins see
    from hamafza.org.middleware import scope_for_user

    scope = scope_for_user(users["platform_admin"])
    assert selectors.problem_deliveries(scope=scope).count() == 4


def test_unknown_kind_is_refused(person):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.notify(recipients=[person], kind="no_such_kind", title="x")
    assert not Notification.objects.exists()


def test_unread_count_is_one_query_and_mark_read(person, users):
    services.notify(recipients=[person, users["volunteer"]], kind=kinds.GENERIC, title="a")
    services.notify(recipients=[person], kind=kinds.GENERIC, title="b")
    with CaptureQueriesContext(connection) as queries:
        assert selectors.unread_count(user=person) == 2
    assert len(queries) == 1
    first = Notification.objects.get(recipient=person, title="a")
    # someone else cannot mark it
    assert (
        services.notification_mark_read(user=users["volunteer"], notification_id=first.pk) is None
    )
    assert selectors.unread_count(user=person) == 2
    services.notification_mark_read(user=person, notification_id=first.pk)
    assert selectors.unread_count(user=person) == 1
    assert services.notifications_mark_all_read(user=person) == 1
    assert selectors.unread_count(user=person) == 0
    assert selectors.unread_count(user=users["volunteer"]) == 1


def test_text_is_rendered_in_the_recipients_language(person):
    # given the sender works in English; the recipient has no language yet, so Persian
    with translation.override("en"):
        services.notify(
            recipients=[person],
            kind=kinds.GENERIC,
            title=_("Log out"),
            body="%(n)s!",
            context={"n": 3},
        )
    notification = Notification.objects.get(recipient=person)
    assert notification.language == "fa"
    assert notification.title == "خروج"
    assert notification.body == "۳!"  # counts in the reader's digits


def test_email_is_sent_once_even_when_the_task_runs_twice(person, outbox):
    # given
    services.notify(recipients=[person], kind=kinds.SESSION_TOMORROW, title="فردا", body="متن")
    email = _deliveries(person)[Channel.EMAIL]
    sms = _deliveries(person)[Channel.SMS]
    # when the job is delivered twice (a redelivered huey task)
    for _run in range(2):
        tasks.deliver.call_local(email.pk)
        tasks.deliver.call_local(sms.pk)
    # then one e-mail and one SMS went out
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["trainer@example.com"]
    assert "فردا" in mail.outbox[0].subject
    assert len(outbox) == 1 and outbox[0].to == "09121234567"
    email.refresh_from_db()
    assert email.status == Delivery.Status.SENT and email.attempts == 1 and email.sent_at


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(person, outbox):
    services.notify(recipients=[person], kind=kinds.SESSION_TOMORROW, title="x")
    sms = _deliveries(person)[Channel.SMS]
    # another worker claimed it a moment ago and is sending
    Delivery.objects.filter(pk=sms.pk).update(
        status=Delivery.Status.SENDING, claimed_at=timezone.now()
    )
    assert services.deliver(delivery_id=sms.pk).status == Delivery.Status.SENDING
    assert outbox == []
    # a worker that died mid-send: marked failed for an admin, never re-sent on its own
    later = timezone.now() + dt.timedelta(minutes=20)
    services.requeue_due(now=later)
    sms.refresh_from_db()
    assert sms.status == Delivery.Status.FAILED and "interrupted" in sms.last_error
    assert services.deliver(delivery_id=sms.pk, now=later).status == Delivery.Status.FAILED
    assert outbox == []


def test_notify_enqueues_on_commit(person, outbox, django_capture_on_commit_callbacks):
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True  # in-memory queue, tasks run at once
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(recipients=[person], kind=kinds.SESSION_TOMORROW, title="q")
    finally:
        HUEY.immediate = False
    assert len(mail.outbox) == 1 and len(outbox) == 1
    assert set(
        Delivery.objects.filter(notification__recipient=person).values_list("status", flat=True)
    ) == {Delivery.Status.SENT}


def test_lost_retries_are_handed_back_by_the_periodic_job(person, outbox):
    from huey.contrib.djhuey import HUEY

    services.notify(recipients=[person], kind=kinds.SESSION_TOMORROW, title="x")
    sms = _deliveries(person)[Channel.SMS]
    now = timezone.now()
    Delivery.objects.filter(pk=sms.pk).update(next_attempt_at=now + dt.timedelta(seconds=30))
    assert sms.pk not in services.requeue_due(now=now)  # not due yet
    assert sms.pk in services.requeue_due(now=now + dt.timedelta(minutes=5))
    assert tasks.requeue_deliveries.task_class in HUEY._registry._periodic_tasks

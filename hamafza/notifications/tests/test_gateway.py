"""The HTTP SMS gateway against a real local server: success, retries, permanent refusal,
timeouts, and the failure log."""

import datetime as dt
import logging

from django.utils import timezone

from hamafza.notifications import kinds, services, tasks
from hamafza.notifications.models import Channel, Delivery
from hamafza.notifications.sms_http import HttpSmsBackend, SmsPermanentError, SmsTransientError


def _sms_delivery(person) -> Delivery:
    services.notify(
        recipients=[person], kind=kinds.SESSION_TOMORROW, title="جلسه فردا", body="ساعت ۹"
    )
    return Delivery.objects.get(notification__recipient=person, channel=Channel.SMS)


def _run_until_settled(delivery: Delivery, start) -> list[services.Outcome]:
    """Run the job, then again whenever the retry it asked for is due."""
    now, outcomes = start, []
    for _attempt in range(10):
        outcome = services.deliver(delivery_id=delivery.pk, now=now)
        outcomes.append(outcome)
        if not outcome.retry_in:
            break
        now += dt.timedelta(seconds=outcome.retry_in)
    return outcomes


def test_gateway_200_sends_once_with_the_key_and_a_reference(http_sms, person):
    delivery = _sms_delivery(person)
    assert services.deliver(delivery_id=delivery.pk).status == Delivery.Status.SENT
    assert services.deliver(delivery_id=delivery.pk).status == Delivery.Status.SENT
    assert len(http_sms.received) == 1
    sent = http_sms.received[0]
    assert sent["key"] == "test-key"
    assert sent["json"]["to"] == "09121234567"
    assert "جلسه فردا" in sent["json"]["text"]
    assert sent["json"]["reference"] == f"hamafza-{delivery.pk}"


def test_gateway_500_then_200_is_sent_after_a_retry(http_sms, person):
    # given the provider fails once
    http_sms.script.extend(["500", "200"])
    delivery = _sms_delivery(person)
    start = timezone.now()
    # when the job runs: it asks to be retried after 30 s
    first = services.deliver(delivery_id=delivery.pk, now=start)
    assert first == services.Outcome(status=Delivery.Status.QUEUED, retry_in=30)
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and "HTTP 500" in delivery.last_error
    # a run before the retry is due does nothing
    early = services.deliver(delivery_id=delivery.pk, now=start + dt.timedelta(seconds=10))
    assert early.status == Delivery.Status.QUEUED and len(http_sms.received) == 1
    # then the retry goes through
    second = services.deliver(delivery_id=delivery.pk, now=start + dt.timedelta(seconds=30))
    assert second.status == Delivery.Status.SENT
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 2
    assert delivery.last_error == ""
    assert [r["answer"] for r in http_sms.received] == ["500", "200"]


def test_gateway_400_fails_at_once_without_retry(http_sms, person, caplog):
    http_sms.script.append("400")
    delivery = _sms_delivery(person)
    with caplog.at_level(logging.ERROR, logger="hamafza.notifications"):
        outcomes = _run_until_settled(delivery, timezone.now())
    assert [o.status for o in outcomes] == [Delivery.Status.FAILED]
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 1
    assert "SmsPermanentError: HTTP 400" in delivery.last_error
    assert len(http_sms.received) == 1
    assert f"Delivery {delivery.pk} (sms) failed" in caplog.text


def test_gateway_timeout_is_retried_with_backoff_then_failed_and_logged(http_sms, person, caplog):
    http_sms.script.extend(["sleep"] * 4)
    delivery = _sms_delivery(person)
    with caplog.at_level(logging.ERROR, logger="hamafza.notifications"):
        outcomes = _run_until_settled(delivery, timezone.now())
    # first attempt and three retries, after 30 s, 2 min and 10 min
    assert [o.retry_in for o in outcomes] == [30, 120, 600, None]
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 4
    assert "timeout" in delivery.last_error
    assert len(http_sms.received) == 4
    assert "failed after 4 attempt(s)" in caplog.text
    # nothing more happens when the job runs again
    assert services.deliver(delivery_id=delivery.pk).status == Delivery.Status.FAILED
    assert len(http_sms.received) == 4


def test_the_task_schedules_its_retry_in_huey(http_sms, person, monkeypatch):
    http_sms.script.append("500")
    delivery = _sms_delivery(person)
    scheduled = []
    monkeypatch.setattr(
        tasks.deliver, "schedule", lambda args, delay: scheduled.append((args, delay))
    )
    assert tasks.deliver.call_local(delivery.pk) == Delivery.Status.QUEUED
    assert scheduled == [((delivery.pk,), 30)]
    # the same job delivered twice before the retry is due sends nothing more
    assert tasks.deliver.call_local(delivery.pk) == Delivery.Status.QUEUED
    assert len(http_sms.received) == 1 and len(scheduled) == 1


def test_connection_refused_is_transient(settings):
    backend = HttpSmsBackend(url="http://127.0.0.1:9/none", api_key="k", timeout=0.3)
    from hamafza.core.sms import SmsMessage

    try:
        backend.send(SmsMessage(to="09121234567", body="x"))
    except SmsTransientError as error:
        assert "connection error" in str(error)
    else:  # pragma: no cover
        raise AssertionError("no error")
    assert not issubclass(SmsTransientError, SmsPermanentError)


def test_admin_retry_sends_a_failed_delivery_again(http_sms, person, users):
    from hamafza.org.middleware import scope_for_user

    http_sms.script.extend(["400", "200"])
    delivery = _sms_delivery(person)
    services.deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    services.delivery_retry(
        scope=scope_for_user(users["directorate"]), actor=users["directorate"], delivery=delivery
    )
    assert delivery.status == Delivery.Status.QUEUED and delivery.attempts == 0
    assert services.deliver(delivery_id=delivery.pk).status == Delivery.Status.SENT
    assert len(http_sms.received) == 2

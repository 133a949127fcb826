"""The worker's side of notifications: ``deliver`` sends one delivery, at most once.

A delivery is claimed with a conditional UPDATE (queued → sending) before anything is sent, so
two workers, or a task delivered twice, never both send. A transient failure (timeout, 5xx,
connection error) puts it back in the queue with a growing delay; after the last retry, or at
once on a permanent failure, it is marked failed with the error, logged, and shown to admins.
The queue's jobs (``tasks``) call it; it imports neither them nor ``services``.
"""

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from hamafza.core.sms import BaseSmsBackend
from hamafza.notifications.models import Channel, Delivery
from hamafza.notifications.sms_http import ReferencedSmsMessage, SmsPermanentError

logger = logging.getLogger("hamafza.notifications")

# Seconds to wait before each retry: the first attempt plus three retries.
RETRY_DELAYS = (30, 120, 600)
# A delivery left "sending" longer than this was interrupted (the worker died mid-send).
STALE_SENDING = dt.timedelta(minutes=15)


def _retry_delays() -> tuple[int, ...]:
    return tuple(getattr(settings, "NOTIFICATION_RETRY_DELAYS", RETRY_DELAYS))


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_in: int | None = None  # seconds until the next attempt, when one is due


def _sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def _send(delivery: Delivery) -> None:
    notification = delivery.notification
    with translation.override(notification.language or "fa"):
        if delivery.channel == Channel.EMAIL:
            text = notification.body
            if notification.link.startswith(("http://", "https://")):
                text = f"{text}\n\n{notification.link}"
            send_mail(
                _("Hamafza: %(title)s") % {"title": notification.title},
                text,
                None,
                [delivery.address],
                fail_silently=False,
            )
            return
        if notification.recipient_id is None:  # a text to a number: its words as written
            text = notification.body
        else:
            text = _("Hamafza: %(title)s") % {"title": notification.title}
            if notification.body:
                text = f"{text}\n{notification.body}"
        _sms_backend().send(
            ReferencedSmsMessage(to=delivery.address, body=text, reference=f"hamafza-{delivery.pk}")
        )


def _is_permanent(error: Exception) -> bool:
    return isinstance(error, SmsPermanentError | smtplib.SMTPRecipientsRefused)


def deliver(*, delivery_id: int, now: dt.datetime | None = None) -> Outcome:
    """Send one delivery if it is queued and due. Safe to run any number of times."""
    now = now or timezone.now()
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:  # sent, failed, invalid, not yet due, or taken by another worker
        current = Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True)
        return Outcome(status=current.first() or "missing")
    delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
    try:
        _send(delivery)
    except Exception as error:  # every failure is recorded, none is lost
        return _failed(delivery, error, now)
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    return Outcome(status=Delivery.Status.SENT)


def _failed(delivery: Delivery, error: Exception, now: dt.datetime) -> Outcome:
    message = f"{type(error).__name__}: {error}"[:2000]
    delays = _retry_delays()
    retries_done = delivery.attempts - 1
    if not _is_permanent(error) and retries_done < len(delays):
        delay = delays[retries_done]
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.QUEUED,
            last_error=message,
            next_attempt_at=now + dt.timedelta(seconds=delay),
        )
        logger.info(
            "Delivery %s (%s) attempt %s failed, retry in %s s: %s",
            delivery.pk,
            delivery.channel,
            delivery.attempts,
            delay,
            message,
        )
        return Outcome(status=Delivery.Status.QUEUED, retry_in=delay)
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.FAILED, last_error=message, next_attempt_at=None
    )
    logger.error(
        "Delivery %s (%s) failed after %s attempt(s): %s",
        delivery.pk,
        delivery.channel,
        delivery.attempts,
        message,
    )
    return Outcome(status=Delivery.Status.FAILED)


def requeue_due(*, now: dt.datetime | None = None) -> list[int]:
    """The safety net run by a periodic job: queued deliveries whose time has come (their task
    was lost) are handed back to the queue; a delivery stuck in "sending" (the worker died while
    sending) is marked failed, since it may have gone out, and an admin decides to retry."""
    now = now or timezone.now()
    Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - STALE_SENDING
    ).update(
        status=Delivery.Status.FAILED,
        last_error="interrupted while sending; it may or may not have gone out",
    )
    return list(
        Delivery.objects.filter(
            status=Delivery.Status.QUEUED, next_attempt_at__lte=now - dt.timedelta(minutes=1)
        ).values_list("pk", flat=True)[:1000]
    )

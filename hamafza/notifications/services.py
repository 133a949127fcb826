"""Writes of notifications: ``notify`` creates the in-app message and one delivery per external
channel the user wants; ``deliver`` sends one delivery, at most once.

A delivery is claimed with a conditional UPDATE (queued → sending) before anything is sent, so
two workers, or a task delivered twice, never both send. A transient failure (timeout, 5xx,
connection error) puts it back in the queue with a growing delay; after the last retry, or at
once on a permanent failure, it is marked failed with the error, logged, and shown to admins.
"""

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from hamafza.core.persian import localize_digits
from hamafza.core.scoping import Scope
from hamafza.core.sms import BaseSmsBackend
from hamafza.core.validators import normalize_mobile, validate_mobile
from hamafza.notifications import kinds, selectors
from hamafza.notifications.models import Channel, Delivery, Notification, Preference
from hamafza.notifications.permissions import can_manage_deliveries
from hamafza.notifications.sms_http import ReferencedSmsMessage, SmsPermanentError

logger = logging.getLogger("hamafza.notifications")

# Seconds to wait before each retry: the first attempt plus three retries.
RETRY_DELAYS = (30, 120, 600)
# A delivery left "sending" longer than this was interrupted (the worker died mid-send).
STALE_SENDING = dt.timedelta(minutes=15)


def _retry_delays() -> tuple[int, ...]:
    return tuple(getattr(settings, "NOTIFICATION_RETRY_DELAYS", RETRY_DELAYS))


def _render(text, context: dict | None, language: str) -> str:
    with translation.override(language):
        text = str(text)
        if not context:
            return text
        # counts read in the recipient's digits
        return text % {
            k: localize_digits(v) if isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in context.items()
        }


def _address(user, channel: str) -> tuple[str, str]:
    """(address, reason it is unusable) for ``user`` on ``channel``."""
    if channel == Channel.EMAIL:
        email = (user.email or "").strip()
        if not email:
            return "", "no e-mail address"
        try:
            validate_email(email)
        except ValidationError:
            return email, "invalid e-mail address"
        return email, ""
    mobile = normalize_mobile(user.mobile or "")
    if not mobile:
        return "", "no mobile number"
    try:
        validate_mobile(mobile)
    except ValidationError:
        return user.mobile, "invalid mobile number"
    return mobile, ""


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title,
    body="",
    link: str = "",
    municipality_id: int | None = None,
    context: dict | None = None,
    key: str = "",
) -> list[Notification]:
    """Tell ``recipients`` (users or user ids): an in-app notification each, and a delivery per
    external channel they want for ``kind``, sent by the queue once the transaction commits.

    ``title`` and ``body`` may be lazy translations with ``%(name)s`` placeholders filled from
    ``context``; they are rendered in the recipient's language. A recipient without a usable
    address gets a delivery marked invalid with the reason, so admins see who was missed."""
    found = kinds.get(kind)
    if found is None:
        raise ValidationError(_("Unknown notification kind."))
    ids = sorted({getattr(r, "pk", r) for r in recipients})
    users = get_user_model().objects.filter(pk__in=ids, is_active=True)
    if key:  # told before about the same thing: not again
        users = users.exclude(notifications__key=key)
    users = list(users)
    if not users:
        return []
    wanted = selectors.wanted_channels(user_ids=[u.pk for u in users], kind=found)
    now = timezone.now()
    created: list[Notification] = []
    queued: list[int] = []
    with transaction.atomic():
        for user in users:
            language = getattr(user, "language", "") or "fa"
            try:
                with transaction.atomic():  # a concurrent run may have told them a moment ago
                    notification = Notification.objects.create(
                        recipient=user,
                        municipality_id=municipality_id,
                        kind=kind,
                        title=_render(title, context, language)[:200],
                        body=_render(body, context, language),
                        link=link,
                        language=language,
                        key=key[:120],
                    )
            except IntegrityError:
                continue
            created.append(notification)
            deliveries = []
            for channel in (Channel.EMAIL, Channel.SMS):
                if channel not in wanted[user.pk]:
                    continue
                address, problem = _address(user, channel)
                deliveries.append(
                    Delivery(
                        notification=notification,
                        channel=channel,
                        address=address,
                        status=Delivery.Status.INVALID if problem else Delivery.Status.QUEUED,
                        last_error=problem,
                        next_attempt_at=None if problem else now,
                    )
                )
            for delivery in Delivery.objects.bulk_create(deliveries):
                if delivery.status == Delivery.Status.INVALID:
                    logger.warning(
                        "Notification %s not sent by %s to user %s: %s",
                        notification.pk,
                        delivery.channel,
                        user.pk,
                        delivery.last_error,
                    )
                else:
                    queued.append(delivery.pk)
        transaction.on_commit(lambda: _enqueue(queued))
    return created


def text_mobile(
    *, mobile: str, body: str, municipality_id: int | None = None, language: str = "fa"
) -> Delivery:
    """Text ``body`` to a mobile number through the queue, never from the request: the delivery
    is written in the caller's transaction (so a rolled-back write texts nobody), sent by the
    worker after the commit, retried on a transient failure and listed for admins if it fails."""
    number = normalize_mobile(mobile)
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=None, municipality_id=municipality_id, kind=kinds.TEXT,
            title=body[:200], body=body, language=language,
        )  # fmt: skip
        delivery = Delivery.objects.create(
            notification=notification, channel=Channel.SMS, address=number
        )
        transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery


def _enqueue(delivery_ids: list[int]) -> None:
    from hamafza.notifications.tasks import deliver

    for pk in delivery_ids:
        deliver(pk)


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


def delivery_retry(*, scope: Scope, actor, delivery: Delivery) -> Delivery:
    """An admin sends a failed delivery again (or an invalid one, once the address is fixed)."""
    if not can_manage_deliveries(scope):
        raise PermissionDenied
    if delivery.status not in (Delivery.Status.FAILED, Delivery.Status.INVALID):
        raise ValidationError(_("Only a failed delivery can be sent again."))
    recipient = delivery.notification.recipient
    address, problem = (
        _address(recipient, delivery.channel) if recipient else (delivery.address, "")
    )
    with transaction.atomic():
        if problem:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.INVALID, address=address, last_error=problem
            )
        else:
            changed = Delivery.objects.filter(
                pk=delivery.pk, status__in=(Delivery.Status.FAILED, Delivery.Status.INVALID)
            ).update(
                status=Delivery.Status.QUEUED,
                address=address,
                attempts=0,
                next_attempt_at=timezone.now(),
            )
            if changed:
                transaction.on_commit(lambda: _enqueue([delivery.pk]))
    logger.info("Delivery %s retried by user %s", delivery.pk, actor.pk)
    delivery.refresh_from_db()
    if problem:
        raise ValidationError(_("The recipient still has no usable address."))
    return delivery


def notification_mark_read(*, user, notification_id: int) -> Notification | None:
    notification = selectors.notifications_for(user=user).filter(pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user) -> int:
    return (
        selectors.notifications_for(user=user)
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now())
    )


def preferences_save(*, user, enabled: set[tuple[str, str]]) -> None:
    """Store the user's choice for every kind and external channel (in-app is always on)."""
    with transaction.atomic():
        for kind in kinds.all_kinds():
            for channel in (Channel.EMAIL, Channel.SMS):
                Preference.objects.update_or_create(
                    user=user,
                    kind=kind.code,
                    channel=channel,
                    defaults={"enabled": (kind.code, channel) in enabled},
                )

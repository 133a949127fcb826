"""Writes of notifications: ``notify`` creates the in-app message and one delivery per external
channel the user wants, ``text_mobile`` a text to a number; each delivery is handed to the queue
(``tasks.deliver``) after the commit, and the worker sends it (``sending.deliver``)."""

import logging
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamafza.core.persian import localize_digits
from hamafza.core.scoping import Scope
from hamafza.core.validators import normalize_mobile, validate_mobile
from hamafza.notifications import kinds, selectors, tasks
from hamafza.notifications.models import Channel, Delivery, Notification, Preference
from hamafza.notifications.permissions import can_manage_deliveries
from hamafza.notifications.sending import Outcome, deliver, requeue_due  # noqa: F401 - re-exported

logger = logging.getLogger("hamafza.notifications")


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
    for pk in delivery_ids:
        tasks.deliver(pk)


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

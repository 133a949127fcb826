"""Reads of notifications. A user sees only their own; deliveries go through the scoping gate."""

from django.db.models import Q, QuerySet

from hamafza.core.scoping import Role, Scope, scoped
from hamafza.notifications import kinds
from hamafza.notifications.models import Channel, Delivery, Notification, Preference


def notifications_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def default_enabled(kind: kinds.Kind, channel: str) -> bool:
    if channel == Channel.IN_APP or channel == Channel.EMAIL:
        return True
    return kind.urgent


def wanted_channels(*, user_ids: list[int], kind: kinds.Kind) -> dict[int, set[str]]:
    """For each user, the external channels this kind goes out by (one query)."""
    chosen = {
        (user_id, channel): enabled
        for user_id, channel, enabled in Preference.objects.filter(
            user_id__in=user_ids, kind=kind.code
        ).values_list("user_id", "channel", "enabled")
    }
    return {
        user_id: {
            channel
            for channel in (Channel.EMAIL, Channel.SMS)
            if chosen.get((user_id, channel), default_enabled(kind, channel))
        }
        for user_id in user_ids
    }


def preference_rows(*, user) -> list[dict]:
    """Every kind with its channels on or off for ``user``: the preferences page."""
    chosen = {
        (kind, channel): enabled
        for kind, channel, enabled in Preference.objects.filter(user=user).values_list(
            "kind", "channel", "enabled"
        )
    }
    rows = []
    for kind in kinds.all_kinds():
        rows.append(
            {
                "kind": kind,
                "channels": [
                    {
                        "channel": channel,
                        "label": label,
                        "enabled": channel == Channel.IN_APP
                        or chosen.get((kind.code, channel), default_enabled(kind, channel)),
                        "locked": channel == Channel.IN_APP,
                    }
                    for channel, label in Channel.choices
                ],
            }
        )
    return rows


def problem_deliveries(*, scope: Scope) -> QuerySet[Delivery]:
    """Failed deliveries and invalid recipients the scope may see: a platform admin also sees
    notifications that belong to no municipality."""
    problems = Delivery.objects.filter(status__in=(Delivery.Status.FAILED, Delivery.Status.INVALID))
    rows = scoped(problems, scope)
    if scope.role == Role.PLATFORM_ADMIN and not scope.is_anonymous:
        rows = problems.filter(
            Q(pk__in=rows.values("pk")) | Q(notification__municipality__isnull=True)
        )
    return rows.select_related("notification__recipient").order_by("-created_at", "-pk")


def problem_delivery_get(*, scope: Scope, pk: int) -> Delivery | None:
    return problem_deliveries(scope=scope).filter(pk=pk).first()

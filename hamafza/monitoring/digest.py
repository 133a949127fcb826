"""The weekly alert digest: what needs attention this year, from the rollups, sent through the
notification service to the directorate (every district) and to each district coordinator (their
district). One per person and week (keyed by the week's Saturday), so a second run sends
nothing."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.core import jalali
from hamafza.core.scoping import DISTRICT_MANAGERS, Scope
from hamafza.monitoring import selectors
from hamafza.notifications import kinds
from hamafza.notifications.services import notify
from hamafza.org.models import Membership

BODY = _(
    "%(lagging)s districts behind their pro-rata target, %(unverified)s delivered sessions not "
    "confirmed by the school, %(unreported)s sessions of past months not reported."
)


def _saturday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


def counts(alerts: list[dict]) -> dict:
    return {
        "lagging": sum(1 for a in alerts if a["kind"] == "lagging"),
        "unverified": sum(a.get("count", 0) for a in alerts if a["kind"] == "unverified"),
        "unreported": sum(a.get("count", 0) for a in alerts if a["kind"] == "unreported"),
    }


def send_alert_digest(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    period = selectors.Period.year(jalali.to_jalali(today).year)
    saturday = _saturday(today)
    told = 0
    members = (
        Membership.objects.filter(
            role__in=DISTRICT_MANAGERS,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("pk")
    )
    for m in members.iterator(chunk_size=200):
        scope = Scope(
            user_id=m.user_id, role=m.role, municipality_id=m.municipality_id,
            district_id=m.district_id, membership_id=m.pk,
        )  # fmt: skip
        rows = selectors.plan_vs_actual(scope=scope, period=period)
        found = counts(selectors.alerts(scope=scope, period=period, rows=rows, today=today))
        if not any(found.values()):
            continue
        told += len(
            notify(
                recipients=[m.user_id],
                kind=kinds.MONITORING_ALERTS,
                title=_("Needs attention this week (%(period)s)"),
                body=BODY,
                link="/monitoring/",
                municipality_id=m.municipality_id,
                context={"period": period.label(), **found},
                key=f"monitoring-digest:{m.pk}:{saturday:%Y%m%d}",
            )
        )
    return told

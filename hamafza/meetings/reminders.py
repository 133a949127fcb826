"""Reminders of action items and the weekly digest for district coordinators, sent through the
notification service. Each message has a key unique per recipient, so a job that runs twice (a
restart, a re-delivered task) tells nobody twice."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.core import jalali
from hamafza.core.scoping import Role
from hamafza.meetings import selectors, services
from hamafza.meetings.models import ActionItem, Meeting
from hamafza.notifications import kinds
from hamafza.notifications.services import notify
from hamafza.org.models import Membership
from hamafza.sessions.models import Session


def remind_actions(*, today: dt.date | None = None) -> int:
    """Owners of open action items due tomorrow hear of it the day before; owners of overdue
    ones once when the item falls overdue (and again only if its due day is moved)."""
    today = today or timezone.localdate()
    told = 0
    open_items = ActionItem.objects.filter(status__in=selectors.OPEN).select_related("meeting")
    due = open_items.filter(due_on=today + dt.timedelta(days=1))
    overdue = open_items.filter(due_on__lt=today)
    for item in due.iterator(chunk_size=200):
        told += len(
            notify(
                recipients=[item.owner_id],
                kind=kinds.ACTION_ITEM_DUE,
                title=_("Due tomorrow: %(title)s"),
                body=_("From the meeting “%(meeting)s”. Report progress from the link."),
                link=services.action_link(item),
                municipality_id=item.municipality_id,
                context={"title": item.title, "meeting": item.meeting.title},
                key=f"action-due:{item.pk}:{item.due_on:%Y%m%d}",
            )
        )
    for item in overdue.iterator(chunk_size=200):
        told += len(
            notify(
                recipients=[item.owner_id],
                kind=kinds.ACTION_ITEM_DUE,
                title=_("Overdue since %(day)s: %(title)s"),
                body=_("From the meeting “%(meeting)s”. It goes on the next meeting's agenda."),
                link=services.action_link(item),
                municipality_id=item.municipality_id,
                context={
                    "title": item.title,
                    "meeting": item.meeting.title,
                    "day": jalali.format_date(item.due_on),
                },
                key=f"action-overdue:{item.pk}:{item.due_on:%Y%m%d}",
            )
        )
    return told


def carry_all_overdue() -> int:
    """Every series' next meeting gets the series' overdue action items on its agenda."""
    return sum(services.carry_overdue(meeting=m) for m in selectors.next_meetings())


def week_of(day: dt.date) -> dt.date:
    """The Saturday the Persian week of ``day`` starts on."""
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


def digest_for(*, municipality_id: int, district_id: int, user_id: int, today: dt.date) -> dict:
    """What a district coordinator should know at the start of the week (a few counts)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(today, dt.time.min, tzinfo=tz)
    week_end = start + dt.timedelta(days=7)
    sessions = Session.objects.filter(municipality_id=municipality_id, district_id=district_id)
    counts = sessions.aggregate(
        coming=Count("pk", filter=Q(starts_at__gte=start, starts_at__lt=week_end)
                     & ~Q(status=Session.Status.CANCELLED)),
        unconfirmed=Count("pk", filter=Q(starts_at__gte=start, starts_at__lt=week_end,
                                         status=Session.Status.PLANNED)),
        unverified=Count("pk", filter=Q(status=Session.Status.DELIVERED)),
        unreported=Count("pk", filter=Q(ends_at__lt=start, report__isnull=True,
                                        status__in=[Session.Status.PLANNED,
                                                    Session.Status.CONFIRMED])),
    )  # fmt: skip
    actions = ActionItem.objects.filter(owner_id=user_id, status__in=selectors.OPEN)
    counts["actions_open"] = actions.count()
    counts["actions_overdue"] = actions.filter(due_on__lt=today).count()
    counts["meetings"] = (
        Meeting.objects.filter(
            Q(district_id=district_id) | Q(invitees__user_id=user_id),
            municipality_id=municipality_id,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=week_end,
        )
        .distinct()
        .count()
    )
    return counts


DIGEST_BODY = _(
    "This week: %(coming)s sessions (%(unconfirmed)s not confirmed yet), %(meetings)s meetings. "
    "Waiting: %(unverified)s delivered sessions to verify, %(unreported)s past sessions without "
    "a report. Your action items: %(actions_open)s open, %(actions_overdue)s overdue."
)


def send_weekly_digest(*, today: dt.date | None = None) -> int:
    """Each active district coordinator gets one digest a week (keyed by the week's Saturday)."""
    today = today or timezone.localdate()
    saturday = week_of(today)
    told = 0
    memberships = Membership.objects.filter(
        role=Role.DISTRICT_COORDINATOR, is_active=True, user__is_active=True
    ).order_by("pk")
    for m in memberships.iterator(chunk_size=200):
        counts = digest_for(
            municipality_id=m.municipality_id,
            district_id=m.district_id,
            user_id=m.user_id,
            today=today,
        )
        told += len(
            notify(
                recipients=[m.user_id],
                kind=kinds.WEEKLY_DIGEST,
                title=_("Your week from %(day)s"),
                body=DIGEST_BODY,
                link="/",
                municipality_id=m.municipality_id,
                context={"day": jalali.format_date(saturday), **counts},
                key=f"weekly-digest:{m.district_id}:{saturday:%Y%m%d}",
            )
        )
    return told

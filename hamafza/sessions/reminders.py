"""Reminders to trainers through the notification service: each of a session's trainers hears
about it the day before (in the app, and by e-mail or SMS as they chose). Keyed by session, so
running the job twice, or after a restart, tells nobody twice."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.core import jalali
from hamafza.notifications import kinds
from hamafza.notifications.services import notify
from hamafza.sessions.models import Session


def remind_trainers(*, now: dt.datetime | None = None, ahead_hours: int = 24) -> int:
    """Tell the trainers of every planned or confirmed session starting within ``ahead_hours``.
    Returns how many notifications were created."""
    now = now or timezone.now()
    soon = (
        Session.objects.filter(
            status__in=(Session.Status.PLANNED, Session.Status.CONFIRMED),
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(hours=ahead_hours),
        )
        .select_related("lesson", "school", "venue")
        .prefetch_related("trainers")
    )
    told = 0
    for session in soon.iterator(chunk_size=200):
        users = [t.user_id for t in session.trainers.all() if t.user_id]
        if not users:
            continue
        start = timezone.localtime(session.starts_at)
        told += len(
            notify(
                recipients=users,
                kind=kinds.SESSION_TOMORROW,
                title=_("Session: “%(lesson)s” at %(time)s"),
                body=_("%(day)s, %(place)s. Open the session for the lesson plan and the roster."),
                link=session.get_absolute_url(),
                municipality_id=session.municipality_id,
                context={
                    "lesson": session.lesson.title,
                    "time": f"{start:%H:%M}",
                    "day": jalali.format_date(start),
                    "place": session.place,
                },
                key=f"session-tomorrow:{session.pk}:{session.starts_at:%Y%m%d%H%M}",
            )
        )
    return told

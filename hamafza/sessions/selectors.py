"""Reads of the schedule. Every query passes through the scoping gate."""

import datetime as dt

from django.db.models import F, QuerySet
from django.utils import timezone

from hamafza.catalogue.models import Lesson, ProgramVersion
from hamafza.core.scoping import Scope, scoped
from hamafza.sessions.models import Holiday, Session
from hamafza.sessions.permissions import can_view_sessions


def session_list(
    *,
    scope: Scope,
    district_id: int | None = None,
    status: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Session]:
    if not can_view_sessions(scope):
        return Session.objects.none()
    qs = scoped(
        Session.objects.select_related("lesson", "version__program", "district", "school", "venue"),
        scope,
    ).prefetch_related("trainers")
    if district_id:
        qs = qs.filter(district_id=district_id)
    if status:
        qs = qs.filter(status=status)
    if start:
        qs = qs.filter(starts_at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time.min)))
    if end:
        qs = qs.filter(
            starts_at__lt=timezone.make_aware(
                dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
            )
        )
    return qs


def session_get(*, scope: Scope, pk: int) -> Session | None:
    return session_list(scope=scope).filter(pk=pk).first()


def schedulable_lessons(*, scope: Scope) -> QuerySet[Lesson]:
    """Lessons of the current published version of every program."""
    return (
        scoped(Lesson.objects.select_related("version__program__domain"), scope)
        .filter(
            version__status=ProgramVersion.Status.PUBLISHED,
            version__program__current_version=F("version"),
        )
        .order_by("version__program__title", "order")
    )


def holidays(*, scope: Scope) -> QuerySet[Holiday]:
    return scoped(Holiday.objects.all(), scope)

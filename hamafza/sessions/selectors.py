"""Reads of the schedule. Every query passes through the scoping gate."""

import datetime as dt

import jdatetime
from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from hamafza.catalogue.models import Lesson, ProgramVersion
from hamafza.core.queries import subquery_count
from hamafza.core.scoping import Role, Scope, scoped
from hamafza.sessions.models import Holiday, Session
from hamafza.sessions.permissions import can_view_sessions

EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)

# What apps above the sessions show on a session's page (the library's experience report):
# callables ``(scope=, session=)`` that return None or an object with a ``template`` to include
# with it as ``panel``. They register themselves in their AppConfig.ready; sessions import none.
SESSION_PANELS: list = []


def session_panels(*, scope: Scope, session: Session) -> list:
    return [p for p in (panel(scope=scope, session=session) for panel in SESSION_PANELS) if p]


def _clamp(day: dt.date | None) -> dt.date | None:
    return None if day is None else min(max(day, EARLIEST), LATEST)


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
    start, end = _clamp(start), _clamp(end)
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
    """A session the scope may see: planners through the session list, a trainer (by the gate's
    trainer rule) the sessions they teach."""
    if can_view_sessions(scope):
        return session_list(scope=scope).filter(pk=pk).first()
    if scope.role != Role.TRAINER:
        return None
    return (
        scoped(Session.objects.all(), scope)
        .filter(pk=pk)
        .select_related("lesson", "version__program", "district", "school", "venue")
        .first()
    )


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


def annotate_line_progress(lines: QuerySet) -> QuerySet:
    """What was done toward each plan line: sessions linked (not cancelled), delivered, and the
    people present at the delivered ones. Registered with ``plans.selectors.LINE_PROGRESS``."""
    linked = Session.objects.filter(plan_line=OuterRef("pk")).exclude(
        status=Session.Status.CANCELLED
    )
    done = linked.filter(status__in=Session.DELIVERED_STATUSES)
    present = Coalesce(
        Subquery(
            done.order_by().values("plan_line").annotate(n=Sum("report__present")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    return lines.annotate(
        sessions_linked=subquery_count(linked, "plan_line"),
        sessions_done=subquery_count(done, "plan_line"),
        present_done=present,
    )


def delivered_hours(trainer, domain_id: int) -> float:
    """Hours a trainer taught in delivered (or verified) sessions of a domain; feeds the ladder."""
    total = dt.timedelta(0)
    for starts, ends in trainer.sessions.filter(
        domain_id=domain_id, status__in=Session.DELIVERED_STATUSES
    ).values_list("starts_at", "ends_at"):
        total += ends - starts
    return total / dt.timedelta(hours=1)


def trainer_agenda(*, scope: Scope, days: int = 7) -> QuerySet[Session]:
    """The signed-in trainer's sessions from today for ``days`` days (their "today" page)."""
    if scope.user_id is None:
        return Session.objects.none()
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    return (
        scoped(Session.objects.all(), scope)
        .filter(
            trainers__user_id=scope.user_id,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=days),
        )
        .exclude(status=Session.Status.CANCELLED)
        .select_related("lesson", "version__program", "school", "venue", "district")
        .order_by("starts_at")
    )


def is_session_trainer(scope: Scope, session: Session) -> bool:
    return scope.user_id is not None and session.trainers.filter(user_id=scope.user_id).exists()


def unverified(*, scope: Scope, older_than_days: int) -> QuerySet[Session]:
    """Delivered sessions the school or venue has not confirmed after ``older_than_days`` days."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    return session_list(scope=scope).filter(
        status=Session.Status.DELIVERED, delivered_at__lt=cutoff
    )


def to_verify_at_school(*, scope: Scope) -> QuerySet[Session]:
    """A school contact's delivered sessions waiting for their confirmation."""
    if scope.school_id is None:
        return Session.objects.none()
    return (
        scoped(Session.objects.all(), scope)
        .filter(school_id=scope.school_id, status=Session.Status.DELIVERED)
        .select_related("lesson", "version__program")
        .order_by("starts_at")
    )


def calendar(
    *,
    scope: Scope,
    view: str,
    anchor: dt.date,
    district_id: int | None = None,
    venue_id: int | None = None,
    trainer_id: int | None = None,
) -> dict:
    """A Jalali week (Saturday to Friday) or month around ``anchor``, as weeks of days, each day
    with its sessions."""
    anchor = _clamp(anchor)
    if view == "month":
        j = jdatetime.date.fromgregorian(date=anchor)
        first = jdatetime.date(j.year, j.month, 1).togregorian()
        next_month = jdatetime.date(j.year + (j.month == 12), j.month % 12 + 1, 1).togregorian()
        start = first - dt.timedelta(days=(first.weekday() - 5) % 7)
        end = (
            next_month + dt.timedelta(days=(4 - next_month.weekday()) % 7 + 1)
            if next_month.weekday() != 5
            else next_month
        )
        prev_anchor, next_anchor = first - dt.timedelta(days=1), next_month
        title_date, in_month = first, (first, next_month)
    else:
        start = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
        end = start + dt.timedelta(days=7)
        prev_anchor, next_anchor = start - dt.timedelta(days=7), end
        title_date, in_month = start, (start, end)
    rows = session_list(
        scope=scope, district_id=district_id, start=start, end=end - dt.timedelta(days=1)
    ).exclude(status=Session.Status.CANCELLED)
    if venue_id:
        rows = rows.filter(venue_id=venue_id)
    if trainer_id:
        rows = rows.filter(trainers__id=trainer_id).distinct()
    by_day: dict[dt.date, list] = {}
    for session in rows:
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days)]
    weeks = [
        [
            {
                "date": d,
                "sessions": by_day.get(d, []),
                "today": d == timezone.localdate(),
                "outside": not in_month[0] <= d < in_month[1],
            }
            for d in days[i : i + 7]
        ]
        for i in range(0, len(days), 7)
    ]
    return {
        "weeks": weeks,
        "prev": prev_anchor,
        "next": next_anchor,
        "title_date": title_date,
        "view": view,
    }

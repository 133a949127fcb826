"""Reads of meetings, always through the scoping gate. The directorate reads every meeting of the
municipality, a district coordinator their district's and those they are invited to, everyone
else only the meetings they are invited to."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from hamafza.core.scoping import MUNICIPALITY_WIDE, Role, Scope, scoped
from hamafza.meetings.models import ActionItem, Meeting, MeetingSeries
from hamafza.org.models import Agency, District

OPEN = (ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS)


def meetings(*, scope: Scope):
    qs = scoped(Meeting.objects.all(), scope)
    if scope.is_anonymous or scope.role in MUNICIPALITY_WIDE:
        return qs
    invited = Q(invitees__user_id=scope.user_id)
    if scope.role == Role.DISTRICT_COORDINATOR:
        return qs.filter(pk__in=qs.filter(invited | Q(district_id=scope.district_id)).values("pk"))
    return qs.filter(pk__in=qs.filter(invited).values("pk"))


def meeting_get(*, scope: Scope, pk: int) -> Meeting | None:
    return (
        meetings(scope=scope)
        .select_related("series", "district", "organiser", "municipality")
        .filter(pk=pk)
        .first()
    )


def meeting_rows(*, scope: Scope, when: str = "upcoming", series_id: int | None = None):
    now = timezone.now()
    qs = meetings(scope=scope).select_related("series", "district")
    if series_id:
        qs = qs.filter(series_id=series_id)
    if when == "past":
        return qs.filter(starts_at__lt=now).order_by("-starts_at")
    return qs.filter(ends_at__gte=now).order_by("starts_at")


def series(*, scope: Scope):
    qs = scoped(MeetingSeries.objects.all(), scope)
    if scope.is_anonymous or scope.role in MUNICIPALITY_WIDE:
        return qs
    if scope.role == Role.DISTRICT_COORDINATOR:
        return qs.filter(
            Q(district_id=scope.district_id) | Q(pk__in=meetings(scope=scope).values("series_id"))
        )
    return qs.filter(pk__in=meetings(scope=scope).values("series_id"))


def series_rows(*, scope: Scope):
    return series(scope=scope).annotate(
        held=Count("meetings", filter=Q(meetings__status=Meeting.Status.HELD))
    )


def series_get(*, scope: Scope, pk: int) -> MeetingSeries | None:
    return series(scope=scope).filter(pk=pk).first()


def meeting_page(*, meeting: Meeting) -> dict:
    """Everything the meeting page shows (a fixed number of queries)."""
    return {
        "invitees": list(meeting.invitees.select_related("user", "agency")),
        "agenda": list(meeting.agenda.select_related("carried__owner", "carried__meeting")),
        "decisions": list(meeting.decisions.all()),
        "actions": list(meeting.action_items.select_related("owner")),
    }


def action_get(*, scope: Scope, pk: int) -> ActionItem | None:
    """An action item the scope may read: of a meeting it reads, or its own."""
    qs = scoped(ActionItem.objects.all(), scope).select_related("meeting", "owner")
    return (
        qs.filter(Q(meeting__in=meetings(scope=scope)) | Q(owner_id=scope.user_id))
        .filter(pk=pk)
        .first()
    )


def my_actions(*, scope: Scope):
    if scope.is_anonymous:
        return ActionItem.objects.none()
    return (
        scoped(ActionItem.objects.all(), scope)
        .filter(owner_id=scope.user_id, status__in=OPEN)
        .select_related("meeting")
        .order_by("due_on", "pk")
    )


def overdue_for(meeting: Meeting) -> list[ActionItem]:
    """Open action items of the earlier meetings of ``meeting``'s series that are overdue today
    (and were due before it starts): they belong on its agenda. The daily job adds those that
    fall overdue later."""
    if meeting.series_id is None:
        return []
    day = min(timezone.localtime(meeting.starts_at).date(), timezone.localdate())
    return list(
        ActionItem.objects.filter(
            meeting__series_id=meeting.series_id,
            meeting__starts_at__lt=meeting.starts_at,
            status__in=OPEN,
            due_on__lt=day,
        )
        .exclude(carried_into__meeting=meeting)
        .select_related("owner")
        .order_by("due_on", "pk")
    )


def next_meetings(*, today: dt.date | None = None):
    """The next scheduled meeting of each series (for the job that carries overdue items)."""
    now = timezone.now()
    upcoming = Meeting.objects.filter(
        series__isnull=False, status=Meeting.Status.SCHEDULED, starts_at__gte=now
    ).order_by("series_id", "starts_at")
    seen, out = set(), []
    for meeting in upcoming.iterator(chunk_size=500):
        if meeting.series_id not in seen:
            seen.add(meeting.series_id)
            out.append(meeting)
    return out


def people_for(*, scope: Scope):
    """Users who may be invited or own an action: members of the municipality."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__municipality_id=scope.municipality_id,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def districts_for(*, scope: Scope):
    return scoped(District.objects.all(), scope).order_by("number")


def agencies_for(*, scope: Scope):
    return scoped(Agency.objects.all(), scope).order_by("name")

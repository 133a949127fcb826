"""Writes of meetings: keyword-only, atomic, permission-checked, validated with ``full_clean()``
and audited by simple-history."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.core import jalali, links
from hamafza.core.concurrency import check_version
from hamafza.core.persian import clean_typed
from hamafza.core.scoping import MUNICIPALITY_WIDE, Role, Scope
from hamafza.meetings import selectors
from hamafza.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Invitee,
    Meeting,
    MeetingSeries,
)
from hamafza.meetings.permissions import (
    can_create_meetings,
    can_manage_meeting,
    can_update_action,
)
from hamafza.notifications import kinds
from hamafza.notifications.services import notify

ACTION_SALT = "meetings.action"
ACTION_LINK_DAYS = 180


def _district_for(scope: Scope, district_id: int | None) -> int | None:
    """The district a new meeting or series belongs to: a coordinator's are always theirs."""
    if scope.role == Role.DISTRICT_COORDINATOR:
        return scope.district_id
    if district_id is None:
        return None
    if not selectors.districts_for(scope=scope).filter(pk=district_id).exists():
        raise ValidationError({"district": _("Choose one of your municipality's districts.")})
    return district_id


def _managed(scope: Scope, meeting: Meeting) -> Meeting:
    if not can_manage_meeting(scope, meeting):
        raise PermissionDenied(_("Only the directorate or the district's coordinator runs it."))
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _open(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))


# --- series -------------------------------------------------------------------------------------


@transaction.atomic
def series_save(
    *, scope: Scope, actor, title: str, recurrence: str, place: str = "",
    district_id: int | None = None, series: MeetingSeries | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> MeetingSeries:  # fmt: skip
    if series is None:
        if not can_create_meetings(scope):
            raise PermissionDenied(_("Only the directorate or a district coordinator does this."))
        obj = MeetingSeries(municipality_id=scope.municipality_id)
        obj.district_id = _district_for(scope, district_id)
    else:
        if not can_manage_meeting(scope, series):
            raise PermissionDenied(_("Only the directorate or the district's coordinator runs it."))
        obj = MeetingSeries.objects.select_for_update().get(pk=series.pk)
        check_version(obj, expected_updated_at)
        if scope.role in MUNICIPALITY_WIDE:
            obj.district_id = _district_for(scope, district_id)
    if not clean_typed(title):
        raise ValidationError({"title": _("Write the title of the series.")})
    obj.title = clean_typed(title)
    obj.recurrence = recurrence
    obj.place = clean_typed(place)
    obj.full_clean()
    obj._history_user = actor
    obj.save()
    return obj


# --- meetings -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(
    *,
    scope: Scope,
    actor,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    online_link: str = "",
    series_id: int | None = None,
    district_id: int | None = None,
    agenda: list[str] | None = None,
    meeting: Meeting | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Meeting:
    """Schedule a meeting (with its first agenda lines; overdue action items of its series are
    added to the agenda) or change one; a change read before someone else's is refused."""
    if meeting is None:
        if not can_create_meetings(scope):
            raise PermissionDenied(_("Only the directorate or a district coordinator does this."))
        obj = Meeting(municipality_id=scope.municipality_id, organiser=actor)
        if series_id:
            found = selectors.series(scope=scope).filter(pk=series_id).first()
            if found is None or not can_manage_meeting(scope, found):
                raise ValidationError({"series": _("Choose a series you run.")})
            obj.series = found
            obj.district_id = found.district_id
        else:
            obj.district_id = _district_for(scope, district_id)
    else:
        obj = _managed(scope, meeting)
        if obj.status != Meeting.Status.SCHEDULED:
            raise ValidationError(_("A meeting that was held or cancelled cannot be changed."))
        check_version(obj, expected_updated_at)
    errors = {}
    if not clean_typed(title):
        errors["title"] = _("Write the title of the meeting.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("A meeting must end after it starts.")
    if not clean_typed(place) and not online_link.strip():
        errors["place"] = _("Give a place or an online link.")
    if errors:
        raise ValidationError(errors)
    obj.title = clean_typed(title)
    obj.starts_at, obj.ends_at = starts_at, ends_at
    obj.place = clean_typed(place)
    obj.online_link = online_link.strip()
    obj.full_clean()
    obj._history_user = actor
    obj.save()
    if meeting is None:
        for position, line in enumerate(a for a in (agenda or []) if clean_typed(a)):
            AgendaItem.objects.create(
                municipality_id=obj.municipality_id,
                meeting=obj,
                position=position + 1,
                title=clean_typed(line)[:300],
            )
        carry_overdue(meeting=obj)
    return obj


def carry_overdue(*, meeting: Meeting) -> int:
    """Put the overdue open action items of the series' earlier meetings on ``meeting``'s agenda
    (each once, whatever how often this runs)."""
    if meeting.status != Meeting.Status.SCHEDULED:
        return 0
    items = selectors.overdue_for(meeting)
    if not items:
        return 0
    last = meeting.agenda.aggregate(m=Max("position"))["m"] or 0
    added = 0
    for offset, item in enumerate(items, start=1):
        try:
            with transaction.atomic():
                AgendaItem.objects.create(
                    municipality_id=meeting.municipality_id,
                    meeting=meeting,
                    position=last + offset,
                    title=item.title,
                    carried=item,
                )
            added += 1
        except IntegrityError:  # another run carried it first
            continue
    return added


@transaction.atomic
def agenda_add(*, scope: Scope, actor, meeting: Meeting, title: str) -> AgendaItem:
    obj = _managed(scope, meeting)
    if obj.status != Meeting.Status.SCHEDULED:
        raise ValidationError(_("The agenda of a meeting that was held or cancelled is closed."))
    if not clean_typed(title):
        raise ValidationError({"title": _("Write the agenda item.")})
    last = obj.agenda.aggregate(m=Max("position"))["m"] or 0
    return AgendaItem.objects.create(
        municipality_id=obj.municipality_id, meeting=obj, position=last + 1,
        title=clean_typed(title)[:300],
    )  # fmt: skip


@transaction.atomic
def invite(
    *, scope: Scope, actor, meeting: Meeting, user_id: int | None = None, name: str = "",
    organisation: str = "", agency_id: int | None = None,
) -> Invitee:  # fmt: skip
    """Invite a user of the municipality (told in-app and as they chose) or a guest by name."""
    obj = _managed(scope, meeting)
    _open(obj)
    invitee = Invitee(municipality_id=obj.municipality_id, meeting=obj)
    if agency_id is not None:
        agency = selectors.agencies_for(scope=scope).filter(pk=agency_id).first()
        if agency is None:
            raise ValidationError({"agency": _("Choose one of your municipality's agencies.")})
        invitee.agency = agency
    if user_id is not None:
        user = selectors.people_for(scope=scope).filter(pk=user_id).first()
        if user is None:
            raise ValidationError({"user": _("Choose a member of this municipality.")})
        if obj.invitees.filter(user=user).exists():
            raise ValidationError({"user": _("This person is already invited.")})
        invitee.user = user
        invitee.name = str(user)
        membership = user.memberships.filter(
            municipality_id=obj.municipality_id, is_active=True
        ).first()
        if membership and membership.agency_id and invitee.agency_id is None:
            invitee.agency_id = membership.agency_id
    else:
        if not clean_typed(name):
            raise ValidationError({"name": _("Choose a user or write the guest's name.")})
        invitee.name = clean_typed(name)
    invitee.organisation = clean_typed(organisation) or (
        str(invitee.agency) if invitee.agency_id else ""
    )
    invitee.full_clean()
    invitee.save()
    if invitee.user_id and obj.status == Meeting.Status.SCHEDULED:
        notify(
            recipients=[invitee.user_id],
            kind=kinds.MEETING_INVITATION,
            title=gettext_lazy("You are invited: %(title)s on %(day)s"),
            body=gettext_lazy("Place: %(place)s"),
            link=obj.get_absolute_url(),
            municipality_id=obj.municipality_id,
            context={
                "title": obj.title,
                "day": jalali.format_datetime(obj.starts_at),
                "place": obj.place or obj.online_link,
            },
            key=f"meeting-invite:{obj.pk}:{invitee.user_id}",
        )
    return invitee


@transaction.atomic
def uninvite(*, scope: Scope, actor, invitee: Invitee) -> None:
    obj = _managed(scope, invitee.meeting)
    if obj.status == Meeting.Status.HELD:
        raise ValidationError(_("The attendance of a held meeting is part of its minutes."))
    invitee.delete()


@transaction.atomic
def meeting_hold(
    *, scope: Scope, actor, meeting: Meeting, present_ids: list[int], minutes: str,
    expected_updated_at: dt.datetime | None = None,
) -> Meeting:  # fmt: skip
    """Record that the meeting took place: who came and the minutes. Minutes can be corrected
    later by the same call (the attendance too)."""
    obj = _managed(scope, meeting)
    _open(obj)
    check_version(obj, expected_updated_at)
    if obj.starts_at > timezone.now():
        raise ValidationError(_("A meeting cannot be recorded as held before it starts."))
    invitees = set(obj.invitees.values_list("pk", flat=True))
    unknown = set(present_ids) - invitees
    if unknown:
        raise ValidationError(_("Only invitees can be marked present."))
    if not present_ids:
        raise ValidationError(_("Mark who was present."))
    obj.invitees.update(present=False)
    obj.invitees.filter(pk__in=present_ids).update(present=True)
    obj.minutes = minutes.strip()
    if obj.status != Meeting.Status.HELD:
        obj.status = Meeting.Status.HELD
        obj.held_at = timezone.now()
    obj.full_clean()
    obj._history_user = actor
    obj.save()
    return obj


@transaction.atomic
def meeting_cancel(*, scope: Scope, actor, meeting: Meeting) -> Meeting:
    obj = _managed(scope, meeting)
    if obj.status != Meeting.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled meeting can be cancelled."))
    obj.status = Meeting.Status.CANCELLED
    obj._history_user = actor
    obj.save()
    # what the meeting asked for falls with it: no reminders, nothing carried
    # a new version (core.concurrency): an action's form opened before this cannot reopen it
    obj.action_items.filter(status__in=selectors.OPEN).update(
        status=ActionItem.Status.DROPPED, updated_at=timezone.now()
    )
    return obj


@transaction.atomic
def decision_add(*, scope: Scope, actor, meeting: Meeting, text: str) -> Decision:
    obj = _managed(scope, meeting)
    if obj.status != Meeting.Status.HELD:
        raise ValidationError(_("Record the meeting as held before adding its decisions."))
    if not clean_typed(text):
        raise ValidationError({"text": _("Write the decision.")})
    number = (obj.decisions.aggregate(m=Max("number"))["m"] or 0) + 1
    return Decision.objects.create(
        municipality_id=obj.municipality_id, meeting=obj, number=number, text=clean_typed(text)
    )


# --- action items -------------------------------------------------------------------------------


def action_token(item: ActionItem) -> str:
    return links.make_token({"a": item.pk, "o": item.owner_id}, salt=ACTION_SALT, compress=True)


def action_link(item: ActionItem) -> str:
    return reverse("meetings:action_link", args=[action_token(item)])


def action_from_token(token: str) -> ActionItem | None:
    """The action item a link was made for, while its owner is still the one the link names."""
    try:
        data = links.read_token(token, salt=ACTION_SALT, max_age=ACTION_LINK_DAYS * 86400)
    except links.Invalid:
        return None
    return (
        ActionItem.objects.select_related("meeting", "owner")
        .filter(
            pk=data.get("a"),
            owner_id=data.get("o"),
            owner__is_active=True,
            owner__memberships__municipality_id=F("municipality_id"),
            owner__memberships__is_active=True,
        )
        .first()
    )


@transaction.atomic
def action_add(
    *, scope: Scope, actor, meeting: Meeting, title: str, owner_id: int | None, due_on: dt.date
) -> ActionItem:
    obj = _managed(scope, meeting)
    _open(obj)
    errors = {}
    if not clean_typed(title):
        errors["title"] = _("Write what is to be done.")
    owner = selectors.people_for(scope=scope).filter(pk=owner_id).first() if owner_id else None
    if owner is None:
        errors["owner"] = _("Choose the owner among the municipality's members.")
    if due_on and due_on < timezone.localtime(obj.starts_at).date():
        errors["due_on"] = _("The due day cannot be before the meeting.")
    if errors:
        raise ValidationError(errors)
    item = ActionItem(
        municipality_id=obj.municipality_id,
        meeting=obj,
        title=clean_typed(title)[:300],
        owner=owner,
        due_on=due_on,
    )
    item.full_clean()
    item._history_user = actor
    item.save()
    notify(
        recipients=[owner.pk],
        kind=kinds.ACTION_ITEM_DUE,
        title=gettext_lazy("A new action for you: %(title)s (due %(day)s)"),
        body=gettext_lazy("From the meeting “%(meeting)s”. Report progress from the link."),
        link=action_link(item),
        municipality_id=item.municipality_id,
        context={
            "title": item.title,
            "day": jalali.format_date(item.due_on),
            "meeting": obj.title,
        },
        key=f"action-assigned:{item.pk}:{owner.pk}",
    )
    return item


@transaction.atomic
def action_update(
    *, item: ActionItem, status: str, note: str = "", scope: Scope | None = None, actor=None,
    by_link: bool = False, expected_updated_at: dt.datetime | None,
) -> ActionItem:  # fmt: skip
    """The owner (from their signed link or signed in) or whoever runs the meeting reports
    progress. A closed item can be reopened only by whoever runs the meeting. A missing or stale
    ``expected_updated_at`` is refused (core.concurrency)."""
    if not by_link and (scope is None or not can_update_action(scope, item)):
        raise PermissionDenied(_("Only the owner of the action or the meeting's organisers."))
    obj = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    check_version(obj, expected_updated_at)
    if status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    manager = scope is not None and can_manage_meeting(scope, obj.meeting)
    if obj.is_closed and status != obj.status and not manager:
        raise ValidationError(_("This action is closed; ask the organisers to reopen it."))
    if status == ActionItem.Status.DROPPED and not manager:
        raise ValidationError(_("Only the organisers can drop an action."))
    obj.status = status
    obj.note = note.strip()[:2000]
    obj.done_on = timezone.localdate() if status == ActionItem.Status.DONE else None
    obj.full_clean()
    obj._history_user = actor if actor is not None else obj.owner
    obj.save()
    return obj


def members(*, municipality_id: int, role: str, **unit):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__municipality_id=municipality_id,
            memberships__role=role,
            memberships__is_active=True,
            **{f"memberships__{k}": v for k, v in unit.items()},
        )
        .distinct()
    )

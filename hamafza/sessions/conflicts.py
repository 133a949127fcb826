"""Conflict rules for scheduling. Hard conflicts block the save and name the clashing session;
soft ones warn and need the scheduler's confirmation.

Hard: a trainer in two places at once (with a travel buffer between venues in different
districts), a venue or a school class booked twice, a trainer without a valid certificate for the
domain on that day, a trainer on leave. Soft: over the trainer's weekly hours, outside their weekly
availability."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.core import jalali
from hamafza.core.persian import localize_digits
from hamafza.sessions.models import Session
from hamafza.trainers.models import Trainer
from hamafza.trainers.selectors import assignment_blockers

TRAVEL_BUFFER = dt.timedelta(minutes=45)  # between sessions in different districts


@dataclass(frozen=True)
class Conflict:
    hard: bool
    message: str


@dataclass
class Slot:
    """What is being scheduled (not saved yet)."""

    municipality_id: int
    district_id: int
    domain_id: int
    school_id: int | None
    class_label: str
    venue_id: int | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    # Set on the slots of other rows scheduled in bulk (an import, a copy): who teaches there
    # and how a message names it. A series' own slots leave them empty.
    trainer_ids: frozenset[int] = frozenset()
    label: str = ""


def _when(session) -> str:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    return localize_digits(f"{jalali.format_date(start)} {start:%H:%M}–{end:%H:%M}")


def _describe(session) -> str:
    return _("“%(lesson)s” at %(place)s, %(when)s") % {
        "lesson": session.lesson.title,
        "place": session.place,
        "when": _when(session),
    }


def describe(lesson: str, place: str, slot: Slot) -> str:
    """Name a slot not saved yet as the messages name a saved session (for ``Slot.label``). The
    names are isolated (FSI…PDI), so Persian names keep their order inside an English sentence."""
    return _("“%(lesson)s” at %(place)s, %(when)s") % {
        "lesson": f"\u2068{lesson}\u2069",
        "place": f"\u2068{place}\u2069",
        "when": _when(slot),
    }


def find_conflicts(
    slot: Slot, trainers: list[Trainer], *, exclude_pks=(), pending: list[Slot] = ()
) -> list[Conflict]:
    """Every conflict of ``slot`` with saved sessions and with ``pending`` slots, not saved yet:
    the earlier weeks of the same series, or (labelled) other rows of an import or a copy."""
    found: list[Conflict] = []
    live = (
        Session.objects.filter(municipality_id=slot.municipality_id)
        .exclude(status=Session.Status.CANCELLED)
        .exclude(pk__in=list(exclude_pks))
        .select_related("lesson", "school", "venue")
    )
    window = live.filter(
        starts_at__lt=slot.ends_at + TRAVEL_BUFFER, ends_at__gt=slot.starts_at - TRAVEL_BUFFER
    )

    # places
    if slot.venue_id:
        for other in window.filter(
            venue_id=slot.venue_id, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at
        ):
            found.append(
                Conflict(True, _("The venue is already booked: %(s)s.") % {"s": _describe(other)})
            )
    if slot.school_id:
        # a class is booked once at a time; a session without a class takes the whole school
        same_school = window.filter(
            school_id=slot.school_id, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at
        )
        if slot.class_label:
            clash = same_school.filter(Q(class_label=slot.class_label) | Q(class_label=""))
        else:
            clash = same_school
        for other in clash:
            found.append(
                Conflict(
                    True, _("This class already has a session: %(s)s.") % {"s": _describe(other)}
                )
            )

    for p in pending:  # rows of the same bulk work, not saved yet
        if not p.label or not (p.starts_at < slot.ends_at and p.ends_at > slot.starts_at):
            continue
        if slot.venue_id and p.venue_id == slot.venue_id:
            found.append(Conflict(True, _("The venue is already booked: %(s)s.") % {"s": p.label}))
        if (
            slot.school_id
            and p.school_id == slot.school_id
            and (not slot.class_label or not p.class_label or p.class_label == slot.class_label)
        ):
            found.append(
                Conflict(True, _("This class already has a session: %(s)s.") % {"s": p.label})
            )

    day = timezone.localtime(slot.starts_at).date()
    for trainer in trainers:
        # in two places at once, allowing for travel between districts
        for other in window.filter(trainers=trainer).distinct():
            buffer = TRAVEL_BUFFER if other.district_id != slot.district_id else dt.timedelta(0)
            if other.starts_at < slot.ends_at + buffer and other.ends_at + buffer > slot.starts_at:
                reason = (
                    _("%(t)s is teaching elsewhere then: %(s)s.")
                    if not buffer
                    else _("%(t)s cannot reach this venue in time from %(s)s.")
                )
                found.append(Conflict(True, reason % {"t": trainer, "s": _describe(other)}))
        for p in pending:
            if p.trainer_ids and trainer.pk not in p.trainer_ids:
                continue
            if not p.label:
                if p.starts_at < slot.ends_at and p.ends_at > slot.starts_at:
                    found.append(
                        Conflict(True, _("%(t)s is booked twice in this series.") % {"t": trainer})
                    )
                continue
            buffer = TRAVEL_BUFFER if p.district_id != slot.district_id else dt.timedelta(0)
            if p.starts_at < slot.ends_at + buffer and p.ends_at + buffer > slot.starts_at:
                reason = (
                    _("%(t)s is teaching elsewhere then: %(s)s.")
                    if not buffer
                    else _("%(t)s cannot reach this venue in time from %(s)s.")
                )
                found.append(Conflict(True, reason % {"t": trainer, "s": p.label}))
        for reason in assignment_blockers(trainer, slot.domain_id, day):
            found.append(Conflict(True, reason))
        if trainer.leaves.filter(starts_on__lte=day, ends_on__gte=day).exists():
            found.append(Conflict(True, _("%(t)s is on leave that day.") % {"t": trainer}))
        found.extend(_soft(trainer, slot, live, pending))
    return found


def _soft(trainer: Trainer, slot: Slot, live, pending=()) -> list[Conflict]:
    warnings = []
    local_start = timezone.localtime(slot.starts_at)
    local_end = timezone.localtime(slot.ends_at)
    slots = list(trainer.availability.filter(weekday=local_start.weekday()))
    if trainer.availability.exists() and not any(
        s.starts_at <= local_start.time() and local_end.time() <= s.ends_at for s in slots
    ):
        warnings.append(
            Conflict(False, _("%(t)s is outside their weekly availability then.") % {"t": trainer})
        )
    # the Iranian week runs Saturday to Friday
    week_start = local_start.date() - dt.timedelta(days=(local_start.weekday() - 5) % 7)
    start = timezone.make_aware(dt.datetime.combine(week_start, dt.time.min))
    booked = sum(
        (s.ends_at - s.starts_at) / dt.timedelta(hours=1)
        for s in live.filter(
            trainers=trainer, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=7)
        )
    )
    booked += sum(
        (p.ends_at - p.starts_at) / dt.timedelta(hours=1)
        for p in pending
        if (not p.trainer_ids or trainer.pk in p.trainer_ids)
        and start <= p.starts_at < start + dt.timedelta(days=7)
    )
    hours = booked + (slot.ends_at - slot.starts_at) / dt.timedelta(hours=1)
    if hours > trainer.max_hours_per_week:
        warnings.append(
            Conflict(
                False,
                _("%(t)s would teach %(h)s hours that week, over their limit of %(max)s.")
                % {
                    "t": trainer,
                    "h": localize_digits(round(hours, 1)),
                    "max": localize_digits(trainer.max_hours_per_week),
                },
            )
        )
    return warnings


def hard(conflicts: list[Conflict]) -> list[str]:
    return list(dict.fromkeys(c.message for c in conflicts if c.hard))


def soft(conflicts: list[Conflict]) -> list[str]:
    return list(dict.fromkeys(c.message for c in conflicts if not c.hard))

"""Scheduling: one session or a weekly series, checked for conflicts, all-or-nothing."""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.catalogue.models import Lesson, ProgramVersion
from hamafza.core import jalali
from hamafza.core.persian import localize_digits, normalize
from hamafza.core.scoping import Scope, in_scope, scoped
from hamafza.org.models import School, Venue
from hamafza.sessions import conflicts
from hamafza.sessions.models import Holiday, Session
from hamafza.sessions.permissions import can_schedule
from hamafza.trainers.models import Trainer

MAX_REPEAT = 40


class NeedsConfirmation(Exception):
    """Only soft conflicts: the scheduler may confirm and save anyway."""

    def __init__(self, warnings: list[str]):
        super().__init__(" ".join(warnings))
        self.warnings = warnings


def _place(scope: Scope, school_id, venue_id):
    if bool(school_id) == bool(venue_id):
        raise ValidationError({"school": _("Choose a school or a venue (one of them).")})
    model, pk = (School, school_id) if school_id else (Venue, venue_id)
    place = scoped(model.objects.all(), scope).filter(pk=pk).first()
    if place is None:
        raise ValidationError(
            {
                "school" if school_id else "venue": _(
                    "You cannot schedule at a place outside your area."
                )
            }
        )
    return place


@transaction.atomic
def session_schedule(
    *,
    scope: Scope,
    actor,
    lesson_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    trainer_ids: list[int],
    school_id: int | None = None,
    class_label: str = "",
    venue_id: int | None = None,
    capacity: int | None = None,
    is_public: bool = False,
    repeat_weeks: int = 1,
    confirm_warnings: bool = False,
) -> tuple[list[Session], list[dt.date]]:
    """Schedule a session, or the same lesson every week for ``repeat_weeks`` weeks skipping
    holidays. Returns (sessions, skipped holiday dates). Raises ValidationError naming every hard
    conflict, NeedsConfirmation for soft ones; nothing is saved in either case."""
    if not can_schedule(scope):
        raise PermissionDenied(_("You do not have permission to schedule sessions."))
    if not 1 <= repeat_weeks <= MAX_REPEAT:
        raise ValidationError(
            {"repeat_weeks": _("Repeat between 1 and %(n)s weeks.") % {"n": MAX_REPEAT}}
        )
    lesson = (
        scoped(Lesson.objects.select_related("version__program"), scope)
        .filter(pk=lesson_id, version__status=ProgramVersion.Status.PUBLISHED)
        .first()
    )
    if lesson is None:
        raise ValidationError({"lesson": _("Choose a lesson of a published program.")})
    place = _place(scope, school_id, venue_id)
    trainers = list(scoped(Trainer.objects.filter(pk__in=trainer_ids), scope))
    if not trainers or len(trainers) != len(set(trainer_ids)):
        raise ValidationError({"trainers": _("Choose at least one trainer of your municipality.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})
    now = timezone.now()
    if not now - dt.timedelta(days=366) <= starts_at <= now + dt.timedelta(
        days=800
    ) or ends_at - starts_at > dt.timedelta(hours=12):
        raise ValidationError(
            {"starts_at": _("Schedule within the coming two years, for at most 12 hours.")}
        )
    # Lock the trainers (and the place) so two schedulers cannot both pass the conflict check.
    list(Trainer.objects.select_for_update().filter(pk__in=[t.pk for t in trainers]).order_by("pk"))
    type(place).objects.select_for_update().filter(pk=place.pk).first()

    holidays = set(
        Holiday.objects.filter(municipality_id=scope.municipality_id).values_list("date", flat=True)
    )
    slots, skipped = [], []
    for week in range(repeat_weeks):
        start = starts_at + dt.timedelta(weeks=week)
        if timezone.localtime(start).date() in holidays:
            skipped.append(timezone.localtime(start).date())
            continue
        slots.append(
            conflicts.Slot(
                municipality_id=scope.municipality_id,
                district_id=place.district_id,
                domain_id=lesson.version.program.domain_id,
                school_id=school_id,
                class_label=normalize(class_label),
                venue_id=venue_id,
                starts_at=start,
                ends_at=ends_at + dt.timedelta(weeks=week),
            )
        )
    hard, soft = [], []
    for i, slot in enumerate(slots):
        found = conflicts.find_conflicts(slot, trainers, pending=slots[:i])
        day = localize_digits(jalali.format_date(slot.starts_at)) if len(slots) > 1 else ""
        hard += [f"{day}: {m}" if day else m for m in conflicts.hard(found)]
        soft += [f"{day}: {m}" if day else m for m in conflicts.soft(found)]
    if hard:
        raise ValidationError(hard)
    if soft and not confirm_warnings:
        raise NeedsConfirmation(soft)

    series = uuid.uuid4() if len(slots) > 1 else None
    created = []
    for slot in slots:
        session = Session(
            municipality_id=scope.municipality_id,
            version=lesson.version,
            lesson=lesson,
            domain_id=slot.domain_id,
            district_id=slot.district_id,
            school_id=school_id,
            class_label=slot.class_label,
            venue_id=venue_id,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            capacity=capacity,
            is_public=is_public,
            series=series,
        )
        session.full_clean()
        session._history_user = actor
        session.save()
        session.trainers.set(trainers)
        created.append(session)
    return created, skipped


@transaction.atomic
def session_cancel(*, scope: Scope, actor, session: Session, reason: str) -> Session:
    if not can_schedule(scope) or not in_scope(session, scope):
        raise PermissionDenied(_("You may not change this session."))
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status in (
        Session.Status.DELIVERED,
        Session.Status.VERIFIED,
        Session.Status.CANCELLED,
    ):
        raise ValidationError(_("Only a planned or confirmed session can be cancelled."))
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the session is cancelled.")})
    locked.status = Session.Status.CANCELLED
    locked.cancel_reason = normalize(reason)[:300]
    locked._history_user = actor
    locked.save()
    from hamafza.sessions.registration import cancel_all

    cancel_all(session=locked)
    return locked

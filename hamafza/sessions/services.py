"""Scheduling: one session or a weekly series, checked for conflicts, all-or-nothing."""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamafza.catalogue.models import Lesson, ProgramVersion
from hamafza.core import jalali
from hamafza.core.concurrency import check_version
from hamafza.core.persian import clean_code, clean_typed, localize_digits
from hamafza.core.scoping import Scope, in_scope, scoped
from hamafza.notifications.services import text_mobile
from hamafza.org.models import School, Venue
from hamafza.plans import selectors as plan_selectors
from hamafza.plans.models import PlanLine
from hamafza.sessions import conflicts
from hamafza.sessions.models import Holiday, Registration, Session
from hamafza.sessions.permissions import can_schedule
from hamafza.sessions.registration import cancel_all, promote_waitlist
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
    plan_line_id: int | None = None,
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
    chosen_line = _chosen_line(
        scope, plan_line_id, place.district_id, lesson.version.program.domain_id
    )
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
                class_label=clean_code(class_label),
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
            plan_line=_line_for_slot(scope, slot, chosen_line),
        )
        session.full_clean()
        session._history_user = actor
        session.save()
        session.trainers.set(trainers)
        created.append(session)
    return created, skipped


def _chosen_line(scope: Scope, plan_line_id, district_id: int, domain_id: int) -> PlanLine | None:
    if not plan_line_id:
        return None
    line = scoped(PlanLine.objects.all(), scope).filter(pk=plan_line_id).first()
    if line is None or line.district_id != district_id or line.domain_id != domain_id:
        raise ValidationError(
            {"plan_line": _("Choose a line of the plan for this district and this domain.")}
        )
    return line


def _line_for_slot(scope: Scope, slot, chosen: PlanLine | None) -> PlanLine | None:
    """The plan line a session counts toward: the chosen one when the session falls in its
    quarter, else the line of the same agency for the session's quarter; with nothing chosen,
    the district's only line for the domain and quarter (when there is exactly one)."""
    candidates = plan_selectors.lines_for_session(
        scope=scope, district_id=slot.district_id, domain_id=slot.domain_id, when=slot.starts_at
    )
    if chosen is not None:
        return candidates.filter(
            agency_id=chosen.agency_id
        ).first()  # the chosen one in its quarter
    found = list(candidates[:2])
    return found[0] if len(found) == 1 else None


def _notify_moved(session: Session) -> None:
    mobiles = list(
        session.registrations.filter(status=Registration.Status.CONFIRMED).values_list(
            "mobile", flat=True
        )
    )
    if not mobiles:
        return
    start = timezone.localtime(session.starts_at)
    with translation.override("fa"):  # messages to citizens are in Persian
        text = _("“%(title)s” has moved to %(day)s at %(time)s, %(place)s.") % {
            "title": session.lesson.title,
            "day": jalali.format_date(start),
            "time": localize_digits(f"{start:%H:%M}"),
            "place": session.place,
        }
    for mobile in mobiles:  # queued with this transaction, sent after it commits
        text_mobile(mobile=mobile, body=text, municipality_id=session.municipality_id)


@transaction.atomic
def session_update(
    *,
    scope: Scope,
    actor,
    session: Session,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    trainer_ids: list[int],
    school_id: int | None = None,
    class_label: str = "",
    venue_id: int | None = None,
    capacity: int | None = None,
    is_public: bool = False,
    plan_line_id: int | None = None,
    expected_updated_at: dt.datetime | None = None,
    confirm_warnings: bool = False,
) -> Session:
    """Move a planned or confirmed session, change its trainers, place or plan line. The lesson
    stays. A form opened before someone else saved is refused; conflicts are checked as when
    scheduling; registered people are told when the time or place changes."""
    if not can_schedule(scope) or not in_scope(session, scope):
        raise PermissionDenied(_("You may not change this session."))
    locked = Session.objects.select_for_update().select_related("lesson").get(pk=session.pk)
    check_version(locked, expected_updated_at)
    if locked.status not in (Session.Status.PLANNED, Session.Status.CONFIRMED):
        raise ValidationError(_("Only a planned or confirmed session can be changed."))
    place = _place(scope, school_id, venue_id)
    chosen_line = _chosen_line(scope, plan_line_id, place.district_id, locked.domain_id)
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
    if capacity is not None:
        taken = locked.registrations.filter(status="confirmed").count()
        if capacity < taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(n)s people are already registered; the capacity cannot be less."
                    )
                    % {"n": localize_digits(taken)}
                }
            )
    list(Trainer.objects.select_for_update().filter(pk__in=[t.pk for t in trainers]).order_by("pk"))
    type(place).objects.select_for_update().filter(pk=place.pk).first()
    slot = conflicts.Slot(
        municipality_id=locked.municipality_id,
        district_id=place.district_id,
        domain_id=locked.domain_id,
        school_id=school_id,
        class_label=clean_code(class_label),
        venue_id=venue_id,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    found = conflicts.find_conflicts(slot, trainers, exclude_pks=[locked.pk])
    if conflicts.hard(found):
        raise ValidationError(conflicts.hard(found))
    if conflicts.soft(found) and not confirm_warnings:
        raise NeedsConfirmation(conflicts.soft(found))
    moved = (locked.starts_at, locked.school_id, locked.venue_id) != (
        starts_at,
        school_id,
        venue_id,
    )
    locked.starts_at, locked.ends_at = starts_at, ends_at
    locked.school_id, locked.venue_id = school_id, venue_id
    locked.class_label = slot.class_label
    locked.district_id = place.district_id
    locked.capacity = capacity
    locked.is_public = is_public
    locked.plan_line = _line_for_slot(scope, slot, chosen_line)
    if moved and locked.status == Session.Status.CONFIRMED:
        locked.status = Session.Status.PLANNED  # the new date or place is agreed again
    locked.full_clean()
    locked._history_user = actor
    locked.save()
    locked.trainers.set(trainers)
    if moved:
        _notify_moved(locked)
    promote_waitlist(session=locked)
    return locked


@transaction.atomic
def session_confirm(*, scope: Scope, actor, session: Session) -> Session:
    """Planned → confirmed: the school or venue and the trainers have agreed to the date."""
    if not can_schedule(scope) or not in_scope(session, scope):
        raise PermissionDenied(_("You may not change this session."))
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status != Session.Status.PLANNED:
        raise ValidationError(_("Only a planned session can be confirmed."))
    locked.status = Session.Status.CONFIRMED
    locked._history_user = actor
    locked.save()
    return locked


@transaction.atomic
def session_cancel(*, scope: Scope, actor, session: Session, reason: str) -> Session:
    if not can_schedule(scope) or not in_scope(session, scope):
        raise PermissionDenied(_("You may not change this session."))
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status in (*Session.DELIVERED_STATUSES, Session.Status.CANCELLED):
        raise ValidationError(_("Only a planned or confirmed session can be cancelled."))
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the session is cancelled.")})
    locked.status = Session.Status.CANCELLED
    locked.cancel_reason = clean_typed(reason)[:300]
    locked._history_user = actor
    locked.save()
    cancel_all(session=locked)
    return locked

"""Writes of camps: the camp, its participants (capacity held with the camp row locked, nobody
going without the guardian's consent), its staff (nobody at two camps at once) and its programme
(sessions inside the camp's dates). Pages and the API call these same functions."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.camps import selectors
from hamafza.camps.models import Camp, CampParticipant, CampSession, CampStaff
from hamafza.camps.permissions import can_manage_camps
from hamafza.core import jalali
from hamafza.core.concurrency import check_version
from hamafza.core.l10n import join_list
from hamafza.core.persian import clean_typed, localize_digits
from hamafza.core.scoping import Scope, in_scope, scoped
from hamafza.core.validators import normalize_mobile, validate_mobile
from hamafza.org.models import District, School, Venue
from hamafza.sessions.models import Session
from hamafza.trainers.models import Leave, Trainer

MAX_DAYS = 30
TAKING_PLACES = ~Q(status=CampParticipant.Status.WITHDRAWN)


def _span(start: dt.date, end: dt.date) -> str:
    return f"{jalali.format_date(start)} – {jalali.format_date(end)}"


def _check_manage(scope: Scope, camp: Camp) -> None:
    if (
        not can_manage_camps(scope)
        or camp.municipality_id != scope.municipality_id
        or not in_scope(camp, scope)
    ):
        raise PermissionDenied(_("You may not change this camp."))


def _locked(camp: Camp) -> Camp:
    """The camp row, locked until the transaction ends: seats and staff are counted under it."""
    return Camp.objects.select_for_update().get(pk=camp.pk)


def _not_cancelled(camp: Camp) -> None:
    if camp.status == Camp.Status.CANCELLED:
        raise ValidationError(_("This camp is cancelled."))


# --- the camp ---------------------------------------------------------------------------------


def _check_units(scope: Scope, camp: Camp, errors: dict) -> None:
    if (
        camp.district_id
        and not scoped(District.objects.filter(pk=camp.district_id), scope).exists()
    ):
        errors["district"] = _("Choose a district in your area.")
    if camp.venue_id and not scoped(Venue.objects.filter(pk=camp.venue_id), scope).exists():
        errors["venue"] = _("Choose a venue in your area.")


def _check_against_what_exists(camp: Camp, errors: dict) -> None:
    """An edit must not strand what the camp already has: participants beyond the capacity or
    outside the grades or gender, sessions outside the dates, staff now at two camps at once."""
    people = camp.participants.filter(TAKING_PLACES)
    taken = people.count()
    if camp.capacity is not None and camp.capacity < taken:
        errors["capacity"] = _(
            "%(n)s students are already on the list; the capacity cannot be less."
        ) % {"n": localize_digits(taken)}
    if camp.grade_from and camp.grade_to:
        outside = people.exclude(grade__gte=camp.grade_from, grade__lte=camp.grade_to).count()
        if outside:
            errors["grade_from"] = _("%(n)s students on the list are outside these grades.") % {
                "n": localize_digits(outside)
            }
    gender = {Camp.Audience.GIRLS: "boy", Camp.Audience.BOYS: "girl"}.get(camp.audience)
    if gender and people.filter(gender=gender).exists():
        errors["audience"] = _("Students of the other gender are already on the list.")
    if camp.start_date and camp.end_date:
        stranded = [
            link.session
            for link in camp.programme.select_related("session__lesson", "session__school")
            if not _inside(link.session, camp)
        ]
        if stranded:
            errors["end_date"] = _(
                "These programme sessions would fall outside the new dates: %(sessions)s. "
                "Remove them from the programme first."
            ) % {"sessions": join_list(_session_label(s) for s in stranded)}
        clashes = [_overlap_message(member, camp) for member in camp.staff.all()]
        clashes = [m for m in clashes if m]
        if clashes:
            errors["start_date"] = clashes


# Where a camp may go from each status: a held camp stays held; a cancelled one can only be
# brought back as a draft.
NEXT_STATUS = {
    Camp.Status.DRAFT: {Camp.Status.OPEN, Camp.Status.CANCELLED},
    Camp.Status.OPEN: {
        Camp.Status.DRAFT,
        Camp.Status.CLOSED,
        Camp.Status.HELD,
        Camp.Status.CANCELLED,
    },
    Camp.Status.CLOSED: {Camp.Status.OPEN, Camp.Status.HELD, Camp.Status.CANCELLED},
    Camp.Status.HELD: set(),
    Camp.Status.CANCELLED: {Camp.Status.DRAFT},
}


@transaction.atomic
def camp_save(
    *,
    scope: Scope,
    actor,
    data: dict,
    instance: Camp | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Camp:
    """Create (instance=None) or update a camp. An edit of a form opened before someone else
    saved the camp is refused (``expected_updated_at`` is the version the form was opened at)."""
    if not can_manage_camps(scope):
        raise PermissionDenied(_("You do not have permission to manage camps."))
    if instance is None:
        camp = Camp(municipality_id=scope.municipality_id)
    else:
        _check_manage(scope, instance)
        camp = _locked(instance)
        check_version(camp, expected_updated_at)
    before = camp.status if camp.pk else None
    for name, value in data.items():
        setattr(camp, name, value)
    camp.title = clean_typed(camp.title)[:200]
    camp.place = clean_typed(camp.place)[:300]
    camp.description = (camp.description or "").strip()
    if camp.status != Camp.Status.CANCELLED:
        camp.cancel_reason = ""
    camp.cancel_reason = clean_typed(camp.cancel_reason)[:300]
    errors: dict = {}
    _check_units(scope, camp, errors)
    if camp.start_date and camp.end_date:
        if camp.end_date < camp.start_date:
            errors["end_date"] = _("A camp cannot end before it starts.")
        elif camp.days > MAX_DAYS:
            errors["end_date"] = _("A camp lasts at most %(n)s days.") % {
                "n": localize_digits(MAX_DAYS)
            }
        elif camp.status == Camp.Status.HELD and camp.start_date > timezone.localdate():
            errors["status"] = _("A camp that has not started yet cannot be marked as held.")
    if camp.status == Camp.Status.CANCELLED and not camp.cancel_reason:
        errors["cancel_reason"] = _("Say why the camp is cancelled.")
    if before and camp.status != before and camp.status not in NEXT_STATUS[before]:
        errors["status"] = _("A camp that is “%(from)s” cannot become “%(to)s”.") % {
            "from": Camp.Status(before).label,
            "to": Camp.Status(camp.status).label,
        }
    if camp.pk and "end_date" not in errors:
        _check_against_what_exists(camp, errors)
    if errors:
        raise ValidationError(errors)
    camp.full_clean()
    camp._history_user = actor
    camp.save()
    return camp


# --- participants -----------------------------------------------------------------------------


def _consent_moment(day: dt.date | None) -> dt.datetime:
    """When consent was given: now when it is today (or not said), noon of an earlier day."""
    today = timezone.localdate()
    if day is None or day == today:
        return timezone.now()
    if day > today:
        raise ValidationError({"consent_date": _("Consent cannot be given in the future.")})
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _check_method(method: str) -> None:
    if method not in CampParticipant.ConsentMethod.values:
        raise ValidationError({"consent_method": _("Choose how the guardian gave consent.")})


def _check_seat(camp: Camp) -> None:
    taken = camp.participants.filter(TAKING_PLACES).count()
    if taken >= camp.capacity:
        raise ValidationError(
            _("The camp is full: all %(n)s places are taken.")
            % {"n": localize_digits(camp.capacity)}
        )


@transaction.atomic
def participant_add(
    *,
    scope: Scope,
    actor,
    camp: Camp,
    full_name: str,
    school_id: int | None,
    grade: int | None,
    gender: str,
    guardian_name: str,
    guardian_mobile: str,
    notes: str = "",
    consent_method: str = "",
    consent_date: dt.date | None = None,
    going: bool = False,
) -> CampParticipant:
    """Put a student on the camp's list. The camp row is locked while its places are counted, so
    two people adding at the same moment cannot pass the capacity."""
    _check_manage(scope, camp)
    camp = _locked(camp)
    _not_cancelled(camp)
    if not camp.takes_participants:
        raise ValidationError(
            _("This camp no longer takes participants (%(status)s).")
            % {"status": camp.get_status_display()}
        )
    errors: dict = {}
    full_name = clean_typed(full_name)[:150]
    if not full_name:
        errors["full_name"] = _("Enter the student's full name.")
    guardian_name = clean_typed(guardian_name)[:150]
    if not guardian_name:
        errors["guardian_name"] = _("Enter the guardian's name.")
    school = scoped(School.objects.all(), scope).filter(pk=school_id).first() if school_id else None
    if school is None:
        errors["school"] = _("Choose a school in your area.")
    if grade is None or not 1 <= grade <= 12:
        errors["grade"] = _("The grade must be between 1 and 12.")
    elif not camp.grade_from <= grade <= camp.grade_to:
        errors["grade"] = _("This camp is for grades %(from)s to %(to)s.") % {
            "from": localize_digits(camp.grade_from),
            "to": localize_digits(camp.grade_to),
        }
    if gender not in CampParticipant.Gender.values:
        errors["gender"] = _("Choose the student's gender.")
    elif camp.audience == Camp.Audience.GIRLS and gender != CampParticipant.Gender.GIRL:
        errors["gender"] = _("This camp is for girls.")
    elif camp.audience == Camp.Audience.BOYS and gender != CampParticipant.Gender.BOY:
        errors["gender"] = _("This camp is for boys.")
    try:
        validate_mobile(guardian_mobile or "")
    except ValidationError as exc:
        errors["guardian_mobile"] = exc.messages
    consent_at = None
    if consent_method:
        try:
            _check_method(consent_method)
            consent_at = _consent_moment(consent_date)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    elif going:
        errors["going"] = _(
            "A student cannot be marked as going before the guardian's consent is recorded."
        )
    if errors:
        raise ValidationError(errors)
    _check_seat(camp)
    participant = CampParticipant(
        municipality_id=camp.municipality_id,
        camp=camp,
        full_name=full_name,
        school=school,
        grade=grade,
        gender=gender,
        guardian_name=guardian_name,
        guardian_mobile=normalize_mobile(guardian_mobile),
        notes=clean_typed(notes)[:300],
        consent_method=consent_method if consent_at else "",
        consent_given_at=consent_at,
        consent_recorded_by=actor if consent_at else None,
        status=CampParticipant.Status.GOING if going else CampParticipant.Status.REGISTERED,
    )
    participant.full_clean()
    participant._history_user = actor
    participant.save()
    return participant


def _participant(scope: Scope, participant: CampParticipant) -> tuple[Camp, CampParticipant]:
    _check_manage(scope, participant.camp)
    camp = _locked(participant.camp)
    return camp, CampParticipant.objects.select_for_update().get(pk=participant.pk)


@transaction.atomic
def participant_record_consent(
    *,
    scope: Scope,
    actor,
    participant: CampParticipant,
    method: str,
    given_on: dt.date | None = None,
    mark_going: bool = False,
) -> CampParticipant:
    """Record that the guardian consented: how, on which day, and by whom it was recorded."""
    camp, current = _participant(scope, participant)
    _not_cancelled(camp)
    _check_method(method)
    current.consent_given_at = _consent_moment(given_on)
    current.consent_method = method
    current.consent_recorded_by = actor
    if mark_going and current.status == CampParticipant.Status.REGISTERED:
        current.status = CampParticipant.Status.GOING
    current.full_clean()
    current._history_user = actor
    current.save()
    return current


@transaction.atomic
def participant_set_status(
    *, scope: Scope, actor, participant: CampParticipant, status: str
) -> CampParticipant:
    """Mark a student going, attended or withdrawn, or put a withdrawn student back on the list."""
    camp, current = _participant(scope, participant)
    _not_cancelled(camp)
    if status not in CampParticipant.Status.values:
        raise ValidationError(_("Choose a valid status."))
    if status == current.status:
        return current
    going = (CampParticipant.Status.GOING, CampParticipant.Status.ATTENDED)
    if status in going and not current.has_consent:
        raise ValidationError(
            _("%(name)s cannot be marked as going: the guardian's consent is not recorded yet.")
            % {"name": current}
        )
    if status == CampParticipant.Status.ATTENDED and not camp.has_started:
        raise ValidationError(_("Attendance can be marked once the camp has started."))
    if current.status == CampParticipant.Status.WITHDRAWN:
        if not camp.takes_participants:
            raise ValidationError(
                _("This camp no longer takes participants (%(status)s).")
                % {"status": camp.get_status_display()}
            )
        _check_seat(camp)
    current.status = status
    current.full_clean()
    current._history_user = actor
    current.save()
    return current


# --- staff ------------------------------------------------------------------------------------


def _same_person(trainer: Trainer | None, user) -> Q:
    """Staff rows that are this person, whether added as a trainer or by their account."""
    if trainer is not None:
        q = Q(trainer=trainer)
        return q | Q(user_id=trainer.user_id) if trainer.user_id else q
    return Q(user=user) | Q(trainer__user=user)


def _overlap_message(member: CampStaff, camp: Camp) -> str | None:
    other = (
        CampStaff.objects.filter(_same_person(member.trainer, member.user))
        .exclude(camp_id=camp.pk)
        .exclude(camp__status=Camp.Status.CANCELLED)
        .filter(camp__start_date__lte=camp.end_date, camp__end_date__gte=camp.start_date)
        .select_related("camp")
        .first()
    )
    if other is None:
        return None
    return _(
        "%(name)s is already on the staff of “%(camp)s” (%(dates)s), which overlaps these dates."
    ) % {
        "name": member.person,
        "camp": other.camp,
        "dates": _span(other.camp.start_date, other.camp.end_date),
    }


@transaction.atomic
def staff_add(
    *,
    scope: Scope,
    actor,
    camp: Camp,
    role: str,
    trainer_id: int | None = None,
    user_id: int | None = None,
) -> CampStaff:
    """Add a trainer of the pool or a volunteer to the camp's staff. Nobody is on the staff of two
    camps whose dates overlap, and a trainer on leave during the camp cannot be added."""
    _check_manage(scope, camp)
    camp = _locked(camp)
    _not_cancelled(camp)
    if bool(trainer_id) == bool(user_id):
        raise ValidationError(_("Choose a trainer or a volunteer (one of them)."))
    if role not in CampStaff.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    trainer = user = None
    if trainer_id:
        trainer = selectors.staff_trainers(scope=scope).filter(pk=trainer_id).first()
        if trainer is None:
            raise ValidationError({"trainer": _("Choose an active trainer of your municipality.")})
        # Lock the person, so two camps cannot both take them at the same moment.
        Trainer.objects.select_for_update().filter(pk=trainer.pk).first()
        leave = (
            Leave.objects.filter(
                trainer=trainer, starts_on__lte=camp.end_date, ends_on__gte=camp.start_date
            )
            .order_by("starts_on")
            .first()
        )
        if leave is not None:
            raise ValidationError(
                {
                    "trainer": _("%(name)s is on leave %(dates)s.")
                    % {"name": trainer, "dates": _span(leave.starts_on, leave.ends_on)}
                }
            )
    else:
        user = selectors.volunteers(scope=scope).filter(pk=user_id).first()
        if user is None:
            raise ValidationError({"volunteer": _("Choose a volunteer of your municipality.")})
        type(user).objects.select_for_update().filter(pk=user.pk).first()
    member = CampStaff(
        municipality_id=camp.municipality_id, camp=camp, trainer=trainer, user=user, role=role
    )
    if camp.staff.filter(_same_person(trainer, user)).exists():
        raise ValidationError(
            _("%(name)s is already on the staff of this camp.") % {"name": member.person}
        )
    clash = _overlap_message(member, camp)
    if clash:
        raise ValidationError(clash)
    member.full_clean()
    member._history_user = actor
    member.save()
    return member


@transaction.atomic
def staff_remove(*, scope: Scope, actor, member: CampStaff) -> None:
    _check_manage(scope, member.camp)
    member._history_user = actor
    member.delete()


# --- programme --------------------------------------------------------------------------------


def _session_label(session: Session) -> str:
    return f"{session.lesson.title} ({jalali.format_datetime(session.starts_at)})"


def _inside(session: Session, camp: Camp) -> bool:
    first = timezone.localtime(session.starts_at).date()
    last = timezone.localtime(session.ends_at).date()
    return camp.start_date <= first and last <= camp.end_date


@transaction.atomic
def programme_add(*, scope: Scope, actor, camp: Camp, session_id: int | None) -> CampSession:
    """Add a session to the camp's programme; it must fall within the camp's dates."""
    _check_manage(scope, camp)
    camp = _locked(camp)
    _not_cancelled(camp)
    session = (
        scoped(Session.objects.select_related("lesson", "school", "venue"), scope)
        .filter(pk=session_id)
        .first()
        if session_id
        else None
    )
    if session is None:
        raise ValidationError({"session": _("Choose a session in your area.")})
    if session.status == Session.Status.CANCELLED:
        raise ValidationError({"session": _("This session is cancelled.")})
    if not _inside(session, camp):
        raise ValidationError(
            {
                "session": _(
                    "“%(session)s” is outside the camp's dates (%(dates)s); choose a session "
                    "held during the camp."
                )
                % {
                    "session": _session_label(session),
                    "dates": _span(camp.start_date, camp.end_date),
                }
            }
        )
    link = CampSession(municipality_id=camp.municipality_id, camp=camp, session=session)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def programme_remove(*, scope: Scope, actor, link: CampSession) -> None:
    _check_manage(scope, link.camp)
    link.delete()

"""Writes of the trainer registry: profiles, levels, certificates, courses, availability."""

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.catalogue.models import Domain
from hamafza.core.concurrency import check_version
from hamafza.core.scoping import Scope, scoped
from hamafza.core.uploads import DOCUMENT_TYPES, IMAGE_TYPES, accept_upload
from hamafza.org.models import Agency, District, Municipality
from hamafza.trainers.models import (
    Certificate,
    CompetencyLevel,
    CourseAttendance,
    CourseSession,
    Enrolment,
    Leave,
    Trainer,
    TrainerDomain,
    TrainingCourse,
    WeeklyAvailability,
)
from hamafza.trainers.permissions import (
    can_add_trainer,
    can_edit_trainer,
    can_manage_standards,
    can_upload_certificate,
    is_own_profile,
)

MAX_CERTIFICATE_BYTES = 5 * 1024 * 1024
MAX_PHOTO_BYTES = 2 * 1024 * 1024
SELF_EDITABLE = {"mobile", "education", "languages", "photo"}


def _check_units(scope: Scope, data: dict) -> None:
    errors = {}
    district_id = data.get("home_district_id")
    if (
        district_id
        and not District.objects.filter(
            pk=district_id, municipality_id=scope.municipality_id
        ).exists()
    ):
        errors["home_district"] = _("Choose a district of your municipality.")
    employer_id = data.get("employer_id")
    if (
        employer_id
        and not Agency.objects.filter(
            pk=employer_id, municipality_id=scope.municipality_id
        ).exists()
    ):
        errors["employer"] = _("Choose an agency of your municipality.")
    if errors:
        raise ValidationError(errors)


def _set_domains(trainer: Trainer, domain_ids: list[int] | None, scope: Scope) -> None:
    if domain_ids is None:
        return
    allowed = set(
        scoped(Domain.objects.filter(pk__in=domain_ids), scope).values_list("pk", flat=True)
    )
    if len(allowed) != len(set(domain_ids)):
        raise ValidationError({"domains": _("Choose domains of your municipality.")})
    dropped = trainer.trainer_domains.exclude(domain_id__in=allowed)
    if (
        not can_manage_standards(scope)
        and dropped.filter(
            Q(level__isnull=False) | Q(prior_hours__gt=0) | Q(observation_score__isnull=False)
        ).exists()
    ):
        raise ValidationError(
            {
                "domains": _(
                    "Only the directorate can remove a domain in which the trainer has a level or a record."
                )
            }
        )
    dropped.delete()
    existing = set(trainer.trainer_domains.values_list("domain_id", flat=True))
    for domain_id in allowed - existing:
        TrainerDomain.objects.create(
            municipality_id=trainer.municipality_id, trainer=trainer, domain_id=domain_id
        )


@transaction.atomic
def trainer_save(
    *,
    scope: Scope,
    actor,
    data: dict,
    domain_ids: list[int] | None = None,
    instance: Trainer | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> Trainer:
    """Create or update a trainer. A coordinator may only work with trainers homed in their
    district (and may not move one out of it)."""
    if instance is None:
        if not can_add_trainer(scope):
            raise PermissionDenied(_("You do not have permission to add trainers."))
        trainer = Trainer(municipality_id=scope.municipality_id)
    else:
        if not can_edit_trainer(scope, instance):
            raise PermissionDenied(_("You may not edit this trainer."))
        trainer = Trainer.objects.select_for_update().get(pk=instance.pk)
        check_version(trainer, expected_updated_at)
    _check_units(scope, data)
    for name, value in data.items():
        setattr(trainer, name, value)
    if not can_edit_trainer(scope, trainer):
        raise ValidationError(
            {"home_district": _("You can only register trainers homed in your district.")}
        )
    if "photo" in data and data["photo"] and hasattr(data["photo"], "read"):
        accept_upload(data["photo"], allowed=IMAGE_TYPES, max_bytes=MAX_PHOTO_BYTES)
    trainer.full_clean()
    trainer._history_user = actor
    trainer.save()
    _set_domains(trainer, domain_ids, scope)
    return trainer


@transaction.atomic
def trainer_self_update(
    *, scope: Scope, actor, trainer: Trainer, data: dict, expected_updated_at: dt.datetime | None
) -> Trainer:
    """A trainer edits their own contact details and photo; never their level or status. The
    change names the version of the profile it was made on (core.concurrency)."""
    if not is_own_profile(scope, trainer):
        raise PermissionDenied(_("You may only edit your own profile."))
    unknown = set(data) - SELF_EDITABLE
    if unknown:
        raise PermissionDenied(
            _("You may not change these fields: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    if data.get("photo") and hasattr(data["photo"], "read"):
        try:
            accept_upload(data["photo"], allowed=IMAGE_TYPES, max_bytes=MAX_PHOTO_BYTES)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
    trainer = Trainer.objects.select_for_update().get(pk=trainer.pk)
    check_version(trainer, expected_updated_at)
    for name, value in data.items():
        setattr(trainer, name, value)
    trainer.full_clean()
    trainer._history_user = actor
    trainer.save()
    return trainer


@transaction.atomic
def trainer_set_level(
    *, scope: Scope, actor, trainer: Trainer, domain_id: int, level_id: int | None
) -> TrainerDomain:
    if not can_manage_standards(scope) or trainer.municipality_id != scope.municipality_id:
        raise PermissionDenied(_("Only the directorate grants levels."))
    td = (
        TrainerDomain.objects.select_for_update()
        .filter(trainer=trainer, domain_id=domain_id)
        .first()
    )
    if td is None:
        raise ValidationError(_("The trainer does not teach this domain."))
    level = None
    if level_id:
        level = CompetencyLevel.objects.filter(pk=level_id, domain_id=domain_id).first()
        if level is None:
            raise ValidationError(_("Choose a level of this domain's ladder."))
    td.level = level
    td._history_user = actor
    td.save()
    return td


@transaction.atomic
def trainer_domain_record(
    *,
    scope: Scope,
    actor,
    trainer: Trainer,
    domain_id: int,
    prior_hours: int,
    observation_score: int | None,
) -> TrainerDomain:
    if not can_manage_standards(scope) or trainer.municipality_id != scope.municipality_id:
        raise PermissionDenied(_("Only the directorate changes the standards record."))
    td = TrainerDomain.objects.select_for_update().get(trainer=trainer, domain_id=domain_id)
    td.prior_hours = prior_hours
    td.observation_score = observation_score
    td.full_clean()
    td._history_user = actor
    td.save()
    return td


@transaction.atomic
def level_save(
    *, scope: Scope, actor, data: dict, instance: CompetencyLevel | None = None
) -> CompetencyLevel:
    if not can_manage_standards(scope):
        raise PermissionDenied(_("Only the directorate defines the ladder."))
    if instance is not None and instance.municipality_id != scope.municipality_id:
        raise PermissionDenied(_("This record is outside your area."))
    level = instance or CompetencyLevel(municipality_id=scope.municipality_id)
    if (
        data.get("domain_id")
        and not scoped(Domain.objects.filter(pk=data["domain_id"]), scope).exists()
    ):
        raise ValidationError({"domain": _("Choose a domain of your municipality.")})
    for name, value in data.items():
        setattr(level, name, value)
    level.full_clean()
    level._history_user = actor
    level.save()
    return level


@transaction.atomic
def certificate_upload(*, scope: Scope, actor, trainer: Trainer, data: dict, file) -> Certificate:
    """A trainer (or their manager) adds a certificate; it waits for the directorate's check."""
    if not can_upload_certificate(scope, trainer):
        raise PermissionDenied(_("You may not add certificates for this trainer."))
    if file is None:
        raise ValidationError({"file": _("Attach the scanned certificate.")})
    try:
        accept_upload(file, allowed=DOCUMENT_TYPES, max_bytes=MAX_CERTIFICATE_BYTES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if not scoped(Domain.objects.filter(pk=data.get("domain_id")), scope).exists():
        raise ValidationError({"domain": _("Choose a domain of your municipality.")})
    cert = Certificate(municipality_id=trainer.municipality_id, trainer=trainer, **data)
    cert.file = file
    cert.full_clean()
    cert._history_user = actor
    cert.save()
    return cert


@transaction.atomic
def certificate_review(
    *, scope: Scope, actor, certificate: Certificate, approve: bool, reason: str = ""
) -> Certificate:
    if not can_manage_standards(scope) or certificate.municipality_id != scope.municipality_id:
        raise PermissionDenied(_("Only the directorate verifies certificates."))
    cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if cert.status != Certificate.Status.PENDING:
        raise ValidationError(_("This certificate was already reviewed."))
    if not approve and not reason.strip():
        raise ValidationError({"rejection_reason": _("Say why the certificate is rejected.")})
    cert.status = Certificate.Status.VERIFIED if approve else Certificate.Status.REJECTED
    cert.rejection_reason = "" if approve else reason.strip()
    cert.verified_by = actor
    cert.verified_at = timezone.now()
    cert._history_user = actor
    cert.save()
    return cert


# ---- train-the-trainer courses --------------------------------------------------------------


def _require_standards(scope: Scope, obj=None) -> None:
    if not can_manage_standards(scope) or (
        obj is not None and obj.municipality_id != scope.municipality_id
    ):
        raise PermissionDenied(_("Only the directorate runs train-the-trainer courses."))


@transaction.atomic
def course_save(
    *, scope: Scope, actor, data: dict, instance: TrainingCourse | None = None,
    expected_updated_at: dt.datetime | None = None,
) -> TrainingCourse:  # fmt: skip
    _require_standards(scope, instance)
    if instance is not None:
        instance = TrainingCourse.objects.select_for_update().get(pk=instance.pk)
        check_version(instance, expected_updated_at)
    if (
        data.get("domain_id")
        and not scoped(Domain.objects.filter(pk=data["domain_id"]), scope).exists()
    ):
        raise ValidationError({"domain": _("Choose a domain of your municipality.")})
    course = instance or TrainingCourse(municipality_id=scope.municipality_id)
    for name, value in data.items():
        setattr(course, name, value)
    course.full_clean()
    course._history_user = actor
    course.save()
    return course


@transaction.atomic
def course_session_add(
    *, scope: Scope, course: TrainingCourse, date: dt.date, topic: str, hours: Decimal
) -> CourseSession:
    _require_standards(scope, course)
    if not course.starts_on <= date <= course.ends_on:
        raise ValidationError({"date": _("The session must fall within the course dates.")})
    session = CourseSession(
        municipality_id=course.municipality_id, course=course, date=date, topic=topic, hours=hours
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def course_enrol(*, scope: Scope, course: TrainingCourse, trainer: Trainer) -> Enrolment:
    _require_standards(scope, course)
    if trainer.municipality_id != course.municipality_id:
        raise PermissionDenied(_("This record is outside your area."))
    locked = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    if locked.status == TrainingCourse.Status.FINISHED:
        raise ValidationError(_("The course has finished."))
    if locked.enrolments.count() >= locked.capacity:
        raise ValidationError(_("The course is full."))
    enrolment = Enrolment(municipality_id=course.municipality_id, course=course, trainer=trainer)
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def course_attendance_record(
    *, scope: Scope, session: CourseSession, present_enrolment_ids: set[int]
) -> int:
    """Mark who was present at one course session (everyone else absent). Returns the count present."""
    _require_standards(scope, session)
    enrolments = list(session.course.enrolments.all())
    unknown = set(present_enrolment_ids) - {e.pk for e in enrolments}
    if unknown:
        raise ValidationError(
            _("Some of the people marked present are not enrolled in this course.")
        )
    for enrolment in enrolments:
        CourseAttendance.objects.update_or_create(
            session=session,
            enrolment=enrolment,
            defaults={
                "present": enrolment.pk in present_enrolment_ids,
                "municipality_id": session.municipality_id,
            },
        )
    return len(present_enrolment_ids)


@transaction.atomic
def course_complete(*, scope: Scope, actor, course: TrainingCourse) -> list[Certificate]:
    """Close the course: who attended enough completes it and receives a verified certificate
    with a verification code. Running it twice issues nothing twice."""
    _require_standards(scope, course)
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    if course.status == TrainingCourse.Status.FINISHED:
        raise ValidationError(_("The course was already closed."))
    sessions = course.sessions.count()
    if sessions == 0:
        raise ValidationError(_("Add the course sessions and their attendance first."))
    issued = []
    municipality = Municipality.objects.get(pk=course.municipality_id)
    for enrolment in course.enrolments.select_related("trainer"):
        present = enrolment.attendance.filter(present=True).count()
        enrolment.attended_percent = 100 * present // sessions
        if present * 100 >= course.pass_percent * sessions:  # exact: no rounding up
            enrolment.status = Enrolment.Status.COMPLETED
            cert = Certificate(
                municipality_id=course.municipality_id,
                trainer=enrolment.trainer,
                domain_id=course.domain_id,
                title=course.title,
                issuer=municipality.name,
                issued_on=course.ends_on,
                expires_on=course.ends_on + relativedelta(years=course.certificate_years),
                status=Certificate.Status.VERIFIED,
                verified_by=actor,
                verified_at=timezone.now(),
                course=course,
            )
            cert.full_clean()
            cert.save()
            issued.append(cert)
            TrainerDomain.objects.get_or_create(
                trainer=enrolment.trainer,
                domain_id=course.domain_id,
                defaults={"municipality_id": course.municipality_id},
            )
        else:
            enrolment.status = Enrolment.Status.NOT_COMPLETED
        enrolment.save()
    course.status = TrainingCourse.Status.FINISHED
    course._history_user = actor
    course.save()
    return issued


# ---- availability and leave -----------------------------------------------------------------


def _require_availability_access(scope: Scope, trainer: Trainer) -> None:
    if not (can_edit_trainer(scope, trainer) or is_own_profile(scope, trainer)):
        raise PermissionDenied(_("You may not change this trainer's availability."))


@transaction.atomic
def availability_set(
    *, scope: Scope, trainer: Trainer, slots: list[tuple[int, dt.time, dt.time]], max_hours: int
) -> None:
    """Replace the weekly pattern. Overlapping slots on one day are refused."""
    _require_availability_access(scope, trainer)
    by_day: dict[int, list] = {}
    for weekday, start, end in slots:
        if end <= start:
            raise ValidationError(_("A slot must end after it starts."))
        for other_start, other_end in by_day.get(weekday, []):
            if start < other_end and other_start < end:
                raise ValidationError(_("Two slots on the same day overlap."))
        by_day.setdefault(weekday, []).append((start, end))
    if not 0 < max_hours <= 60:
        raise ValidationError(_("Maximum hours per week must be between 1 and 60."))
    trainer.availability.all().delete()
    WeeklyAvailability.objects.bulk_create(
        WeeklyAvailability(
            municipality_id=trainer.municipality_id,
            trainer=trainer,
            weekday=w,
            starts_at=s,
            ends_at=e,
        )
        for w, s, e in slots
    )
    # a new version (core.concurrency): an edit form opened before this cannot overwrite it
    Trainer.objects.filter(pk=trainer.pk).update(
        max_hours_per_week=max_hours, updated_at=timezone.now()
    )


@transaction.atomic
def leave_add(
    *, scope: Scope, trainer: Trainer, starts_on: dt.date, ends_on: dt.date, reason: str = ""
) -> Leave:
    _require_availability_access(scope, trainer)
    leave = Leave(
        municipality_id=trainer.municipality_id,
        trainer=trainer,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
    )
    leave.full_clean()
    leave.save()
    return leave

"""Delivering a session: the trainer files the report with the head count and photos, the school
or venue confirms it (from a signed link, no account needed, or as the school contact)."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.core import links
from hamafza.core.persian import clean_typed
from hamafza.core.scoping import Role, Scope
from hamafza.core.uploads import IMAGE_TYPES, accept_upload
from hamafza.sessions.models import (
    Attendance,
    HeadCount,
    Registration,
    ReportPhoto,
    Session,
    SessionReport,
)
from hamafza.sessions.selectors import is_session_trainer
from hamafza.trainers.models import Trainer

MAX_PHOTOS = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PRESENT = 1000
VERIFY_SALT = "hamafza.session.verify"
VERIFY_MAX_AGE = 60 * 60 * 24 * 45  # a link stays valid for 45 days


@transaction.atomic
def session_deliver(
    *,
    scope: Scope,
    actor,
    session: Session,
    counts: list[tuple[int, int, int, int]],
    summary: str,
    issues: str = "",
    photos=(),
    client_id: uuid.UUID,
) -> SessionReport:
    """File the report of a session the actor taught. ``counts`` are (grade, girls, boys, late).
    Sending the same form twice (same ``client_id``) files it once."""
    existing = SessionReport.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.session_id != session.pk:
            raise ValidationError(_("This form was already used for another session."))
        return existing
    if not is_session_trainer(scope, session):
        raise PermissionDenied(_("Only the session's trainers report on it."))
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status not in (Session.Status.PLANNED, Session.Status.CONFIRMED):
        raise ValidationError(_("This session was already reported or cancelled."))
    if locked.starts_at > timezone.now():
        raise ValidationError(
            _("The session has not started yet; attendance is taken when it starts.")
        )
    if not summary.strip():
        raise ValidationError({"summary": _("Write a short summary of the session.")})
    rows = {}
    for grade, girls, boys, late in counts:
        if not 0 <= grade <= 12 or min(girls, boys, late) < 0:
            raise ValidationError(
                _("Each row needs a grade from 0 to 12 and counts of zero or more.")
            )
        if late > girls + boys:
            raise ValidationError(
                _("More people arrived late than were present in grade %(g)s.") % {"g": grade}
            )
        if grade in rows:
            raise ValidationError(_("Grade %(g)s is counted twice.") % {"g": grade})
        rows[grade] = (girls, boys, late)
    present = (
        sum(g + b for g, b, _late in rows.values())
        or locked.attendance.filter(registration__status="confirmed").count()
    )  # from the roster
    if present == 0:
        raise ValidationError(_("Count at least one participant."))
    if present > min(MAX_PRESENT, locked.capacity or MAX_PRESENT):
        raise ValidationError(_("More people are counted than the session can hold."))
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Attach at most %(n)s photos.") % {"n": MAX_PHOTOS}})
    for photo in photos:
        try:
            accept_upload(photo, allowed=IMAGE_TYPES, max_bytes=MAX_PHOTO_BYTES)
        except ValidationError as exc:
            raise ValidationError({"photos": exc.messages}) from exc

    report = SessionReport.objects.create(
        municipality_id=locked.municipality_id,
        session=locked,
        summary=clean_typed(summary)[:5000],
        issues=clean_typed(issues)[:5000],
        present=present,
        filed_by=actor,
        client_id=client_id,
    )
    HeadCount.objects.bulk_create(
        HeadCount(
            municipality_id=locked.municipality_id,
            session=locked,
            grade=g,
            girls=gi,
            boys=bo,
            late=la,
        )
        for g, (gi, bo, la) in sorted(rows.items())
    )
    for photo in photos:
        ReportPhoto.objects.create(
            municipality_id=locked.municipality_id, report=report, file=photo
        )
    locked.status = Session.Status.DELIVERED
    locked.delivered_at = timezone.now()
    locked._history_user = actor
    locked.save()
    return report


def verification_token(session: Session) -> str:
    return links.make_token(
        {"s": session.pk, "m": session.municipality_id}, salt=VERIFY_SALT, compress=True
    )


def session_from_token(token: str) -> Session | None:
    try:
        data = links.read_token(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except links.Invalid:
        return None
    return (
        Session.objects.select_related("lesson", "school", "venue", "version__program")
        .filter(pk=data.get("s"), municipality_id=data.get("m"))
        .first()
    )


@transaction.atomic
def session_verify(*, session: Session, by: str, scope: Scope | None = None) -> Session:
    """Confirm delivery. From a signed link (``scope`` None) or by the school's own contact."""
    if scope is not None and not (
        scope.role == Role.SCHOOL_CONTACT and session.school_id == scope.school_id
    ):
        raise PermissionDenied(_("Only the school where the session took place confirms it."))
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.status == Session.Status.VERIFIED:
        return locked  # a second click changes nothing
    if locked.status != Session.Status.DELIVERED:
        raise ValidationError(_("Only a delivered session can be confirmed."))
    locked.status = Session.Status.VERIFIED
    locked.verified_at = timezone.now()
    locked.verified_by = clean_typed(by)[:200]
    locked.save()
    return locked


ROSTER_MARKS = ("present", "late", "absent")


@transaction.atomic
def roster_mark(*, scope: Scope, session: Session, registration_id: int, mark: str):
    """Mark one registered person present, late or absent (one tap on the roster)."""
    # A tap is frequent: the two facts the checks need (does the actor teach this session, has
    # the person a seat in it) come from one query.
    facts = None
    if scope.user_id is not None:
        facts = (
            Session.objects.filter(pk=session.pk)
            .values_list(
                Exists(Trainer.objects.filter(sessions=OuterRef("pk"), user_id=scope.user_id)),
                Exists(
                    Registration.objects.filter(
                        pk=registration_id,
                        session=OuterRef("pk"),
                        status=Registration.Status.CONFIRMED,
                    )
                ),
            )
            .first()
        )
    is_trainer, is_registered = facts or (False, False)
    if not is_trainer:
        raise PermissionDenied(_("Only the session's trainers take attendance."))
    if mark not in ROSTER_MARKS:
        raise ValidationError(_("Choose present, late or absent."))
    if session.starts_at > timezone.now():
        raise ValidationError(
            _("The session has not started yet; attendance is taken when it starts.")
        )
    if session.status not in (Session.Status.PLANNED, Session.Status.CONFIRMED):
        raise ValidationError(_("This session was already reported or cancelled."))
    if not is_registered:
        raise ValidationError(_("This person is not registered for this session."))
    if mark == "absent":
        Attendance.objects.filter(registration_id=registration_id).delete()
        return None
    # One statement (INSERT … ON CONFLICT DO UPDATE) instead of a locked read and then a write.
    (attendance,) = Attendance.objects.bulk_create(
        [
            Attendance(
                municipality_id=session.municipality_id,
                session=session,
                registration_id=registration_id,
                mark=mark,
            )
        ],
        update_conflicts=True,
        unique_fields=["registration"],
        update_fields=["session", "mark", "updated_at"],
    )
    return attendance  # the rollups count it by trigger (monitoring.triggers)

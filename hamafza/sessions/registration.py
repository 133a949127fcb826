"""Public registration for open sessions: capacity holds exactly under concurrency (the session
row is locked while seats are counted), the waitlist is promoted in order, and people hear about
it by SMS."""

import uuid

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamafza.core import jalali
from hamafza.core.persian import clean_typed
from hamafza.core.validators import normalize_mobile, validate_mobile
from hamafza.notifications.services import text_mobile
from hamafza.sessions.models import Attendance, Registration, Session

CANCEL_SALT = "hamafza.registration.cancel"


def _open_session(pk: int) -> Session:
    session = Session.objects.select_for_update().filter(pk=pk).first()
    if session is None or not session.is_public or session.capacity is None:
        raise ValidationError(_("This session does not take registrations."))
    if (
        session.status not in (Session.Status.PLANNED, Session.Status.CONFIRMED)
        or session.starts_at <= timezone.now()
    ):
        raise ValidationError(_("Registration for this session has closed."))
    return session


def _notify(registration: Registration) -> None:
    session = registration.session
    when = jalali.format_datetime(session.starts_at)
    if registration.status == Registration.Status.CONFIRMED:
        text = _("Hamafza: your place at “%(lesson)s”, %(when)s, %(place)s is confirmed.")
    else:
        text = _(
            "Hamafza: “%(lesson)s” is full; you are on the waitlist and will hear from us if a place frees up."
        )
    text_mobile(
        mobile=registration.mobile,
        body=text % {"lesson": session.lesson.title, "when": when, "place": session.place},
        municipality_id=session.municipality_id,
    )


def register(*, session_id: int, name: str, mobile: str, client_id: uuid.UUID) -> Registration:
    """Register for a public session. A form sent twice registers once."""
    existing = Registration.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.session_id != session_id:
            raise ValidationError(_("This form was already used for another session."))
        return existing
    name = clean_typed(name)[:120]
    if not name:
        raise ValidationError({"name": _("Enter your name.")})
    validate_mobile(mobile)
    mobile = normalize_mobile(mobile)
    try:
        with transaction.atomic():
            session = _open_session(session_id)
            taken = session.registrations.filter(status=Registration.Status.CONFIRMED).count()
            registration = Registration(
                municipality_id=session.municipality_id,
                session=session,
                name=name,
                mobile=mobile,
                client_id=client_id,
                status=Registration.Status.CONFIRMED
                if taken < session.capacity
                else Registration.Status.WAITLISTED,
            )
            registration.full_clean()
            registration.save()
    except IntegrityError as exc:  # the same mobile, registering twice at the same moment
        raise ValidationError(
            _("This mobile number is already registered for this session.")
        ) from exc
    _notify(registration)
    return registration


def cancel_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CANCEL_SALT)


def registration_from_token(token: str) -> Registration | None:
    try:
        pk = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("session__lesson").filter(pk=pk).first()


def cancel(*, registration: Registration) -> Registration | None:
    """Cancel a place; the first person on the waitlist takes it. Returns who was promoted."""
    promoted = None
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=registration.session_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Registration.Status.CANCELLED:
            return None
        was_confirmed = current.status == Registration.Status.CONFIRMED
        current.status = Registration.Status.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        Attendance.objects.filter(registration=current).delete()
        still_open = session.status in (Session.Status.PLANNED, Session.Status.CONFIRMED) and (
            session.starts_at > timezone.now()
        )
        if was_confirmed and still_open:  # nobody is promoted into a session that has begun
            promoted = (
                session.registrations.select_for_update()
                .filter(status=Registration.Status.WAITLISTED)
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = Registration.Status.CONFIRMED
                promoted.save(update_fields=["status", "updated_at"])
    if promoted is not None:
        _notify(promoted)
    return promoted


def promote_waitlist(*, session: Session) -> list[Registration]:
    """Fill free seats from the waitlist, in order (after the capacity was raised). The caller
    holds the session row locked; the promoted people are told once the change is committed."""
    if not session.is_public or session.capacity is None or session.starts_at <= timezone.now():
        return []
    free = (
        session.capacity
        - session.registrations.filter(status=Registration.Status.CONFIRMED).count()
    )
    if free <= 0:
        return []
    promoted = list(
        session.registrations.select_for_update()
        .filter(status=Registration.Status.WAITLISTED)
        .order_by("created_at", "pk")[:free]
    )
    for person in promoted:
        person.status = Registration.Status.CONFIRMED
        person.save(update_fields=["status", "updated_at"])
    transaction.on_commit(lambda: [_notify(person) for person in promoted])
    return promoted


def public_sessions():
    """Upcoming public sessions open for registration (anyone may see these)."""
    return (
        Session.objects.filter(
            is_public=True,
            capacity__isnull=False,
            starts_at__gt=timezone.now(),
            status__in=[Session.Status.PLANNED, Session.Status.CONFIRMED],
        )
        .select_related("lesson", "version__program", "venue", "school", "district")
        .order_by("starts_at")
    )


def cancel_all(*, session: Session) -> int:
    """When a public session is cancelled, every place goes with it and people hear about it.
    Call inside the transaction that cancels the session; messages go out after it commits."""
    people = list(
        session.registrations.exclude(status=Registration.Status.CANCELLED).values_list(
            "mobile", flat=True
        )
    )
    session.registrations.exclude(status=Registration.Status.CANCELLED).update(
        status=Registration.Status.CANCELLED, updated_at=timezone.now()
    )
    from hamafza.monitoring.rollups import refresh  # the update sends no signal

    refresh([session.pk])
    text = _("Hamafza: “%(lesson)s” on %(when)s is cancelled. We are sorry.") % {
        "lesson": session.lesson.title,
        "when": jalali.format_datetime(session.starts_at),
    }
    for mobile in people:  # queued with this transaction, sent after it commits
        text_mobile(mobile=mobile, body=text, municipality_id=session.municipality_id)
    return len(people)


def send_reminders(*, now=None, ahead_hours: int = 24) -> int:
    """Text everyone with a confirmed place in a public session that starts within
    ``ahead_hours``, once (``reminded_at``). Safe to run as often as wanted: a registration is
    claimed (marked) in the same statement that picks it, so two runs never both send."""
    import datetime as dt

    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        session__status__in=(Session.Status.PLANNED, Session.Status.CONFIRMED),
        session__starts_at__gt=now,
        session__starts_at__lte=now + dt.timedelta(hours=ahead_hours),
    )
    sent = 0
    for pk in list(due.values_list("pk", flat=True)[:5000]):
        with transaction.atomic():  # marked reminded and its text queued: both or neither
            claimed = Registration.objects.filter(pk=pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue  # another run took it
            person = Registration.objects.select_related(
                "session__lesson", "session__school", "session__venue"
            ).get(pk=pk)
            session = person.session
            with translation.override("fa"):
                text = _("Hamafza reminder: “%(lesson)s”, %(when)s, %(place)s.") % {
                    "lesson": session.lesson.title,
                    "when": jalali.format_datetime(session.starts_at),
                    "place": session.place,
                }
            text_mobile(mobile=person.mobile, body=text, municipality_id=session.municipality_id)
        sent += 1
    return sent

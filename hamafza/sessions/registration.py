"""Public registration for open sessions: a place is held only for a mobile number that is shown
to be the registrant's (a code texted to it, or a recent proof of it in this browser), so a script
typing made-up numbers holds nothing; capacity holds exactly under concurrency (the session row is
locked while seats are counted), the waitlist is promoted in order, and people hear about it by
SMS."""

import datetime as dt
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from hamafza.core import jalali, links, ratelimit
from hamafza.core.persian import clean_typed, localize_digits, to_latin_digits
from hamafza.core.validators import normalize_mobile, validate_mobile
from hamafza.notifications.services import text_mobile
from hamafza.sessions.models import Attendance, PendingRegistration, Registration, Session
from hamafza.sessions.signals import facts_changed

CANCEL_SALT = "hamafza.registration.cancel"
PENDING_SALT = "hamafza.registration.pending"
CODE_SALT = "hamafza.registration.code"
VERIFIED_SALT = "hamafza.registration.verified-mobile"

# The code texted to a mobile before a place is held.
CODE_DIGITS = 6
CODE_MINUTES = 10  # a code is good for this long
CODE_ATTEMPTS = 5  # wrong codes a pending registration survives; then a new code is needed
# Codes sent in an hour: per mobile (nobody's phone is flooded), per client address (generous:
# mobile carriers put many phones behind one address) and per session from anywhere (a script
# spread over many addresses cannot text without end; high enough that such a script cannot shut
# a session's registration either, being refused long before it).
CODES_PER_MOBILE = 3
CODES_PER_ADDRESS = 15
CODES_PER_SEAT, CODES_PER_SESSION = 5, 50  # per session: 5 a seat, plus 50
CODE_WINDOW = 60 * 60
# A browser that entered a code may register that one number again for this long without a new
# code (a signed cookie holding the municipality and the number). It vouches for one number only,
# and a number holds one place per session, so it cannot be used to fill a session.
VERIFIED_DAYS = 30
VERIFIED_COOKIE = "hz_mobile"


def _open_session(pk: int, *, lock: bool = True) -> Session:
    rows = Session.objects.select_for_update() if lock else Session.objects.all()
    session = rows.filter(pk=pk).first()
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


def _person(name: str, mobile: str) -> tuple[str, str]:
    name = clean_typed(name)[:120]
    if not name:
        raise ValidationError({"name": _("Enter your name.")})
    validate_mobile(mobile)
    return name, normalize_mobile(mobile)


def _hold(*, session_id: int, name: str, mobile: str, client_id: uuid.UUID) -> Registration:
    """Take a seat, or the next waitlist place, with the session row locked while seats are
    counted. Only for a number shown to be the registrant's."""
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
    return registration


def register(*, session_id: int, name: str, mobile: str, client_id: uuid.UUID) -> Registration:
    """Hold a place for a mobile number already shown to be the registrant's (a code entered, or
    the browser's proof of one) and tell them by SMS. A form sent twice registers once."""
    existing = Registration.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.session_id != session_id:
            raise ValidationError(_("This form was already used for another session."))
        return existing
    name, mobile = _person(name, mobile)
    registration = _hold(session_id=session_id, name=name, mobile=mobile, client_id=client_id)
    _notify(registration)
    return registration


# ----- the code texted before a place is held -----


def _code_hash(client_id: uuid.UUID, code: str) -> str:
    return salted_hmac(CODE_SALT, f"{client_id}:{code}", algorithm="sha256").hexdigest()


def pending_token(pending: PendingRegistration) -> str:
    """The code page's address: the form's id, signed (one address per form)."""
    return links.sign_value(pending.client_id.hex, salt=PENDING_SALT)


def client_id_from_token(token: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(hex=links.read_value(token, salt=PENDING_SALT))
    except (links.Invalid, ValueError, TypeError):
        return None


def request_code(
    *, session_id: int, name: str, mobile: str, client_id: uuid.UUID, client: str
) -> PendingRegistration | Registration:
    """Text a one-time code to ``mobile`` and keep the registration waiting for it. Nothing is
    held yet. A form sent twice texts once (the same pending registration, or the registration it
    became, is returned). ``client`` is the address, for the limit per address."""
    done = Registration.objects.filter(client_id=client_id).first()
    waiting = PendingRegistration.objects.filter(client_id=client_id).first()
    for earlier in (done, waiting):
        if earlier is not None:
            if earlier.session_id != session_id:
                raise ValidationError(_("This form was already used for another session."))
            return earlier
    name, mobile = _person(name, mobile)
    session = _open_session(session_id, lock=False)
    keys = [
        (f"regcode:mobile:{mobile}", CODES_PER_MOBILE),
        (f"regcode:ip:{client}", CODES_PER_ADDRESS),
        (
            f"regcode:session:{session.pk}",
            CODES_PER_SEAT * session.capacity + CODES_PER_SESSION,
        ),
    ]
    if any(ratelimit.over(key, limit=limit) for key, limit in keys):
        raise ValidationError(
            _("Too many codes were sent for this number or from here. Try again in an hour.")
        )
    for key, _limit in keys:
        ratelimit.hit(key, window=CODE_WINDOW)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    try:
        with transaction.atomic():  # the waiting row and its text: both or neither
            pending = PendingRegistration.objects.create(
                municipality_id=session.municipality_id,
                session=session,
                name=name,
                mobile=mobile,
                client_id=client_id,
                code_hash=_code_hash(client_id, code),
                expires_at=timezone.now() + dt.timedelta(minutes=CODE_MINUTES),
            )
            body = _(
                "Hamafza: your code for “%(lesson)s” is %(code)s. It is good for %(minutes)s "
                "minutes. If you did not ask for it, ignore this message."
            ) % {"lesson": session.lesson.title, "code": code, "minutes": CODE_MINUTES}
            text_mobile(
                mobile=mobile, body=localize_digits(body), municipality_id=session.municipality_id
            )
    except IntegrityError:  # the same form, sent twice at the same moment
        return PendingRegistration.objects.get(client_id=client_id)
    return pending


def pending_for(client_id: uuid.UUID) -> PendingRegistration | None:
    return (
        PendingRegistration.objects.select_related("session__lesson", "session__version__program")
        .filter(client_id=client_id)
        .first()
    )


def confirm(*, client_id: uuid.UUID, code: str) -> Registration:
    """Enter the texted code: when it is right and in time, the place (or waitlist place) is
    held and the registrant hears about it. A wrong code is counted against the waiting
    registration and holds nothing; an expired or used-up one holds nothing either."""
    done = Registration.objects.filter(client_id=client_id).first()
    if done is not None:  # the code page sent twice
        return done
    code = to_latin_digits(code or "").strip().replace(" ", "")
    wrong = None
    with transaction.atomic():
        pending = (
            PendingRegistration.objects.select_for_update().filter(client_id=client_id).first()
        )
        if pending is None:
            raise ValidationError(
                _("This registration is no longer waiting for a code; register again.")
            )
        if pending.expires_at <= timezone.now():
            raise ValidationError(_("This code has expired. Register again to get a new code."))
        if pending.attempts >= CODE_ATTEMPTS:
            raise ValidationError(_("Too many wrong codes. Register again to get a new code."))
        if not (
            len(code) == CODE_DIGITS
            and code.isdigit()
            and constant_time_compare(_code_hash(client_id, code), pending.code_hash)
        ):
            pending.attempts += 1
            pending.save(update_fields=["attempts", "updated_at"])
            wrong = CODE_ATTEMPTS - pending.attempts
        else:
            registration = _hold(
                session_id=pending.session_id,
                name=pending.name,
                mobile=pending.mobile,
                client_id=client_id,
            )
            pending.delete()
    if wrong is not None:  # the count of wrong codes is kept; nothing else was written
        if wrong <= 0:
            raise ValidationError(_("Too many wrong codes. Register again to get a new code."))
        raise ValidationError(
            _("The code is not right. Check the text message and type its %(digits)s digits.")
            % {"digits": CODE_DIGITS}
        )
    _notify(registration)
    return registration


def purge_pending(*, now=None) -> int:
    """Drop registrations whose code has expired (they never held anything)."""
    deleted, _rows = PendingRegistration.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()
    return deleted


def verified_cookie(registration: Registration) -> str:
    """The value of the cookie saying this browser entered a code sent to this number."""
    return links.make_token(
        [registration.municipality_id, registration.mobile], salt=VERIFIED_SALT, compress=True
    )


def is_verified(cookie: str | None, *, session: Session, mobile: str) -> bool:
    """Whether ``cookie`` proves a code sent to ``mobile`` was entered in this municipality in the
    last VERIFIED_DAYS."""
    if not cookie:
        return False
    try:
        municipality_id, number = links.read_token(
            cookie, salt=VERIFIED_SALT, max_age=dt.timedelta(days=VERIFIED_DAYS)
        )
    except (links.Invalid, ValueError, TypeError):
        return False
    return municipality_id == session.municipality_id and number == normalize_mobile(mobile)


def cancel_token(registration: Registration) -> str:
    return links.make_token(registration.pk, salt=CANCEL_SALT)


def registration_from_token(token: str) -> Registration | None:
    try:
        pk = links.read_token(token, salt=CANCEL_SALT)
    except links.Invalid:
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
    facts_changed.send(sender=Session, session_ids=[session.pk])  # the update sends no signal
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

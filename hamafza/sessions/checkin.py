"""QR check-in: the trainer's screen shows a code that changes every ``WINDOW`` seconds; a
registered participant scans it, gives the mobile number they registered with and is marked
present (or late). A code is signed (it cannot be made up) and expires, so a photo of the screen
sent to someone at home stops working within a minute or two."""

import datetime as dt
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.core import links, ratelimit
from hamafza.core.validators import normalize_mobile
from hamafza.sessions.models import Attendance, Registration, Session

SALT = "hamafza.session.checkin"
WINDOW = 30  # seconds a code is shown before the next one
GRACE_WINDOWS = 2  # a scanned code is accepted for this many windows after it was replaced
LATE_AFTER = 10 * 60  # seconds after the start when an arrival counts as late
CLOSES_AFTER = 30 * 60  # check-in stays open this long after the end
# Wrong mobile numbers per address and session in a quarter hour. Phones on one school Wi-Fi share
# an address, so the limit leaves room for a roomful of typos; behind a proxy, set TRUSTED_PROXIES
# so the address is the client's (core.net.client_address).
MAX_FAILURES = 25
# Every try (right or wrong) per address and session in a quarter hour: a roomful on one Wi-Fi
# checks in once each, with room for typos; a script replaying registered numbers stops here.
MAX_TRIES = 60
# Wrong numbers per session from anywhere in a quarter hour: guessing spread over many addresses
# stops too (people then ask the trainer, who marks them on the roster).
MAX_SESSION_FAILURES = 100
LIMIT_WINDOW = 15 * 60


def _window(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // WINDOW)


def current_code(session: Session, now: float | None = None) -> str:
    return links.sign_value(f"{session.pk}.{_window(now)}", salt=SALT)


def read_code(code: str, now: float | None = None) -> Session:
    """The session a scanned code is for. Raises ValidationError for a forged, stale or unknown
    code."""
    try:
        value = links.read_value(code, salt=SALT)
        pk, window = (int(part) for part in value.split("."))
    except (links.Invalid, ValueError):
        raise ValidationError(
            _("This code is not valid. Scan the code on the trainer's screen.")
        ) from None
    if not 0 <= _window(now) - window <= GRACE_WINDOWS:
        raise ValidationError(
            _("This code has expired. Scan the code on the trainer's screen again.")
        )
    session = Session.objects.select_related("lesson", "school", "venue").filter(pk=pk).first()
    if session is None:
        raise ValidationError(_("This code is not valid. Scan the code on the trainer's screen."))
    return session


def _failures_key(session: Session, client: str) -> str:
    return f"checkin-fail:{session.pk}:{client}"


def _session_failures_key(session: Session) -> str:
    return f"checkin-fail:{session.pk}"


@transaction.atomic
def check_in(*, code: str, mobile: str, client: str = "", now: float | None = None) -> Attendance:
    """Mark the registered person with ``mobile`` present at the session of ``code``. Checking in
    twice keeps the first mark. ``client`` (the address) limits guessing of numbers."""
    session = read_code(code, now)
    key = _failures_key(session, client)
    tries = ratelimit.hit(f"checkin-try:{session.pk}:{client}", window=LIMIT_WINDOW)
    if (
        tries > MAX_TRIES
        or ratelimit.over(key, limit=MAX_FAILURES)
        or ratelimit.over(_session_failures_key(session), limit=MAX_SESSION_FAILURES)
    ):
        raise ValidationError(_("Too many tries. Ask the trainer to mark you on the roster."))
    locked = Session.objects.select_for_update().get(pk=session.pk)
    moment = timezone.now() if now is None else dt.datetime.fromtimestamp(now, tz=dt.UTC)
    if locked.status not in (Session.Status.PLANNED, Session.Status.CONFIRMED):
        raise ValidationError(_("Check-in for this session is closed."))
    if moment < locked.starts_at:
        raise ValidationError(_("The session has not started yet; check in when it starts."))
    if (moment - locked.ends_at).total_seconds() > CLOSES_AFTER:
        raise ValidationError(_("Check-in for this session is closed."))
    number = normalize_mobile(mobile or "")
    person = (
        Registration.objects.filter(session=locked, mobile=number)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if person is None or person.status != Registration.Status.CONFIRMED:
        ratelimit.hit(key, window=LIMIT_WINDOW)
        ratelimit.hit(_session_failures_key(session), window=LIMIT_WINDOW)
        if person is not None:
            raise ValidationError(
                _("You are on the waitlist for this session, not registered; ask the trainer.")
            )
        raise ValidationError(
            _("No registration with this mobile number. Use the number you registered with.")
        )
    existing = Attendance.objects.filter(registration=person).first()
    if existing is not None:
        return existing
    late = (moment - locked.starts_at).total_seconds() > LATE_AFTER
    return Attendance.objects.create(
        municipality_id=locked.municipality_id,
        session=locked,
        registration=person,
        mark=Attendance.Mark.LATE if late else Attendance.Mark.PRESENT,
    )

"""The registry of notification kinds. A kind has a label and says whether it is urgent: urgent
kinds go out by SMS unless the user turns it off; the others only in-app and by e-mail."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    urgent: bool = False


_kinds: dict[str, Kind] = {}


def register(code: str, label: str | Promise, *, urgent: bool = False) -> Kind:
    kind = Kind(code=code, label=label, urgent=urgent)
    _kinds[code] = kind
    return kind


def get(code: str) -> Kind | None:
    return _kinds.get(code)


def all_kinds() -> list[Kind]:
    return list(_kinds.values())


def label(code: str) -> str | Promise:
    kind = _kinds.get(code)
    return kind.label if kind else code


GENERIC = register("generic", _("General notice")).code
SESSION_TOMORROW = register("session_tomorrow", _("Session tomorrow"), urgent=True).code
ACTION_ITEM_DUE = register("action_item_due", _("Action item due")).code
COMMITMENT_DUE = register("commitment_due", _("Commitment due")).code
CERTIFICATE_EXPIRING = register("certificate_expiring", _("Certificate expiring"), urgent=True).code
PLAN_RETURNED = register("plan_returned", _("Plan returned")).code
MEETING_INVITATION = register("meeting_invitation", _("Meeting invitation")).code
WEEKLY_DIGEST = register("weekly_digest", _("Weekly digest")).code
# A text to a mobile number (registrations, cancellations, reminders, password reset links).
TEXT = register("text", _("Text message"), urgent=True).code
MONITORING_ALERTS = register("monitoring_alerts", _("Monitoring alerts")).code
LIBRARY_SUBMITTED = register("library_submitted", _("Library resource to review")).code
LIBRARY_REVIEWED = register("library_reviewed", _("Library resource reviewed")).code
QUESTION_ANSWERED = register("question_answered", _("Your question was answered")).code
QUESTION_MENTIONED = register("question_mentioned", _("Mentioned in a question or answer")).code
ANSWER_ACCEPTED = register("answer_accepted", _("Your answer was accepted")).code
MENTORING_PROPOSED = register("mentoring_proposed", _("Mentoring pair proposed")).code
MENTORING_ACTIVE = register("mentoring_active", _("Mentoring pair started")).code
MENTORING_ENDED = register("mentoring_ended", _("Mentoring pair ended or declined")).code
VOLUNTEER_SIGNUP_CONFIRMED = register(
    "volunteer_signup_confirmed", _("Volunteer shift place held")
).code
VOLUNTEER_WAITLISTED = register("volunteer_waitlisted", _("On a volunteer shift's waitlist")).code
VOLUNTEER_PROMOTED = register("volunteer_promoted", _("Moved up from a shift's waitlist")).code

"""Who a typed identifier names. One rule for the login, the lockout, the per-account login
delay and the password reset: a username in any capitalisation, or a mobile number in any
digits and format (``+98…``, ``0098…``, spaces), or (for the reset) an e-mail address."""

from django.contrib.auth import get_user_model

from hamafza.core.persian import to_latin_digits
from hamafza.core.validators import normalize_mobile


def _as_mobile(identifier: str) -> str | None:
    mobile = normalize_mobile(identifier)
    if len(mobile) == 11 and mobile.startswith("09") and mobile.isascii() and mobile.isdecimal():
        return mobile
    return None


def normalise_identifier(identifier: str | None) -> str:
    """Every spelling of one identifier gives one string (Latin digits, one mobile format,
    case folded)."""
    text = to_latin_digits(identifier or "").strip()
    return _as_mobile(text) or text.casefold()


def resolve_account(identifier: str | None, *, email: bool = False, active: bool = False):
    """The account ``identifier`` names, or None."""
    User = get_user_model()
    users = User.objects.filter(is_active=True) if active else User.objects.all()
    text = to_latin_digits(identifier or "").strip()
    if not text:
        return None
    mobile = _as_mobile(text)
    if mobile:
        found = users.filter(mobile=mobile).first()
        if found is not None:
            return found
    if email and "@" in text:
        return users.filter(email__iexact=text).first()
    return users.filter(username__iexact=text).first()


def account_key(identifier: str | None) -> str:
    """The key a limit counts under: the account when the identifier names one, so every
    spelling of it shares one counter; otherwise the normalised identifier."""
    user = resolve_account(identifier)
    return f"user:{user.pk}" if user is not None else f"id:{normalise_identifier(identifier)}"


def lockout_username(request, credentials=None) -> str:
    """django-axes' ``AXES_USERNAME_CALLABLE``: lock the account, not the spelling."""
    typed = (credentials or {}).get("username")
    if typed is None and request is not None:
        typed = request.POST.get("username", "")
    return account_key(typed)

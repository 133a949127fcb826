"""The one signed-link helper. What a link carries without a password (a knowledge test, a survey
occasion, an action item, a session for its school to confirm, a check-in window, a pending
registration, a copy plan) is signed with a salt per purpose, so a token made for one door never
opens another, and read back with that purpose's maximum age.

Tokens are Django's signing formats (``signing.dumps`` and ``Signer``) under the secret key, so
links already handed out keep working."""

import datetime as dt
from typing import Any

from django.core import signing

Invalid = signing.BadSignature  # forged, altered or made for another purpose
Expired = signing.SignatureExpired  # a kind of Invalid: genuine, but older than allowed


def make_token(data: Any, *, salt: str, compress: bool = False) -> str:
    """``data`` (JSON-able) signed for ``salt``, with the time it was made."""
    return signing.dumps(data, salt=salt, compress=compress)


def read_token(token: str, *, salt: str, max_age: int | float | dt.timedelta | None = None) -> Any:
    """The data signed into ``token`` for ``salt``; raises ``Invalid``, or ``Expired`` when the
    token is older than ``max_age`` (seconds or a timedelta; None: any age)."""
    return signing.loads(token or "", salt=salt, max_age=max_age)


def sign_value(value: str, *, salt: str) -> str:
    """A short signed text without a time (for a QR code that must stay small)."""
    return signing.Signer(salt=salt).sign(value)


def read_value(token: str, *, salt: str) -> str:
    """The text signed into ``token`` for ``salt``; raises ``Invalid``."""
    return signing.Signer(salt=salt).unsign(token or "")

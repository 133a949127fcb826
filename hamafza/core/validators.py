"""Validators for Iranian identifiers, with messages in the user's language."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hamafza.core.persian import to_latin_digits

_MOBILE = re.compile(r"^09\d{9}$")


def normalize_mobile(value: str | None) -> str:
    """'+98 912 345 6789', '۰۹۱۲۳۴۵۶۷۸۹', '00989123456789' → '09123456789' (unvalidated)."""
    digits = re.sub(r"[\s\-()]", "", to_latin_digits(value or ""))
    if digits.startswith("+98"):
        digits = "0" + digits[3:]
    elif digits.startswith("0098"):
        digits = "0" + digits[4:]
    elif digits.startswith("98") and len(digits) == 12:
        digits = "0" + digits[2:]
    elif digits.startswith("9") and len(digits) == 10:
        digits = "0" + digits
    return digits


def validate_mobile(value: str) -> None:
    if not _MOBILE.match(normalize_mobile(value)):
        raise ValidationError(
            _("Enter an Iranian mobile number of 11 digits starting with 09, like 09121234567."),
            code="invalid_mobile",
        )


def is_valid_national_code(value: str) -> bool:
    code = to_latin_digits(value or "").strip()
    if not re.fullmatch(r"\d{10}", code) or len(set(code)) == 1:
        return False
    check = int(code[9])
    total = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    return check == total if total < 2 else check == 11 - total


def validate_national_code(value: str) -> None:
    if not is_valid_national_code(value):
        raise ValidationError(
            _("This national code is not valid: it must be 10 digits with a correct check digit."),
            code="invalid_national_code",
        )


_USERNAME = re.compile(r"^[A-Za-z0-9._-]+$")


def validate_username(value: str) -> None:
    """A username: English letters, digits, dot, underscore and hyphen ("m.ahmadi", "coord-6")."""
    if not _USERNAME.fullmatch(value or ""):
        raise ValidationError(
            _(
                "A username may contain only English letters, digits, the dot (.), the underscore "
                "(_) and the hyphen (-), with no spaces; for example m.ahmadi."
            ),
            code="invalid_username",
        )

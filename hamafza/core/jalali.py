"""Jalali (Solar Hijri) dates at the edges: formatting for display and parsing of user input.

Dates are stored as ordinary Gregorian values; these helpers convert only when showing or reading.
"""

import datetime as dt
import re

import jdatetime
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hamafza.core.persian import to_latin_digits, to_persian_digits

MONTHS_FA = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
MONTHS_EN = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)
_DATE_RE = re.compile(r"^\s*(\d{2,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$")


# The days Hamafza works with: Jalali 1300 to the end of 1500 (1921 to 2122). Every date a person
# or a program gives is checked against them (``check_supported``), so a stored date can always
# be shown; rendering falls back to ISO for anything older data may hold.
FIRST_DAY = jdatetime.date(1300, 1, 1).togregorian()
LAST_DAY = jdatetime.date(1501, 1, 1).togregorian() - dt.timedelta(days=1)


def check_supported(value: dt.date | dt.datetime | None) -> None:
    """Refuse a date outside the years Hamafza works with, with a message in the user's language."""
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("%(value)s is outside the years Hamafza works with (1300 to 1500).")
            % {"value": day.isoformat()},
            code="out_of_range",
        )


def _supported(value) -> bool:
    day = value.date() if isinstance(value, dt.datetime) else value
    return FIRST_DAY <= day <= LAST_DAY


def is_persian() -> bool:
    return (get_language() or "fa").startswith("fa")


def to_jalali(value: dt.date) -> jdatetime.date:
    """The Jalali day of ``value``; a stored day outside the supported years (written before the
    checks) is taken as the nearest supported one, so arithmetic on it never fails."""
    if isinstance(value, dt.datetime):
        value = value.date()
    value = min(max(value, FIRST_DAY), LAST_DAY)
    return jdatetime.date.fromgregorian(date=value)


def is_leap(jyear: int) -> bool:
    return jdatetime.date(jyear, 1, 1).isleap()


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value: dt.date | dt.datetime | None, *, persian: bool | None = None) -> str:
    """'۱۷ دی ۱۴۰۱' in fa, '7 Jan 2023' in en."""
    if value is None:
        return ""
    persian = is_persian() if persian is None else persian
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    if not _supported(value):
        return value.isoformat()  # never fail on a stored value from before the checks
    if persian:
        j = to_jalali(value)
        return to_persian_digits(f"{j.day} {MONTHS_FA[j.month - 1]} {j.year}")
    return f"{value.day} {value.strftime('%b %Y')}"


def format_datetime(value: dt.datetime | None, *, persian: bool | None = None) -> str:
    if value is None:
        return ""
    persian = is_persian() if persian is None else persian
    value = _local(value)
    clock = f"{value.hour:02d}:{value.minute:02d}"
    text = (
        f"{format_date(value, persian=persian)}، {clock}"
        if persian
        else f"{format_date(value, persian=False)}, {clock}"
    )
    return to_persian_digits(text) if persian else text


def format_numeric(value: dt.date | None, *, persian: bool | None = None) -> str:
    """'۱۴۰۱/۱۰/۱۷' in fa (for form fields), '2023-01-07' in en."""
    if value is None:
        return ""
    persian = is_persian() if persian is None else persian
    if persian and _supported(value):
        j = to_jalali(value)
        return to_persian_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")
    return value.isoformat()


def parse_date(text: str) -> dt.date:
    """Read a date typed by a person: Jalali (1401/10/17) in Persian, Arabic-Indic or Latin digits,
    or a Gregorian one (2023-01-07), within the years Hamafza works with. Raises ValidationError
    with a message in the active language."""
    day = _parse_date(text)
    check_supported(day)
    return day


def _parse_date(text: str) -> dt.date:
    """Read a date typed by a person: Jalali (1401/10/17) in Persian, Arabic-Indic or Latin digits.

    A four-digit year from 1700 on is taken as Gregorian (2023-01-07). Raises ValidationError with
    a message in the active language.
    """
    raw = to_latin_digits(str(text or "")).strip()
    m = _DATE_RE.match(raw)
    if not m:
        raise ValidationError(
            _("Enter a date as year/month/day, for example 1403/01/15."), code="invalid_format"
        )
    year, month, day = (int(g) for g in m.groups())
    if not (1300 <= year <= 1500 or 1900 <= year <= 2100 or year < 100):
        raise ValidationError(
            _("%(value)s is outside the years Hamafza works with.") % {"value": text},
            code="out_of_range",
        )
    if year >= 1700:
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValidationError(
                _("%(value)s is not a real date.") % {"value": text}, code="invalid_date"
            ) from None
    if year < 100:
        year += 1400 if year < 50 else 1300
    if not 1 <= month <= 12:
        raise ValidationError(_("The month must be between 1 and 12."), code="invalid_month")
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        if month == 12 and day == 30:
            raise ValidationError(
                _("%(year)s is not a leap year, so Esfand has only 29 days.")
                % {"year": to_persian_digits(year) if is_persian() else year},
                code="invalid_date",
            ) from None
        raise ValidationError(
            _("%(value)s is not a real Jalali date.") % {"value": text}, code="invalid_date"
        ) from None


def jalali_year_bounds(jyear: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of Jalali year jyear (1 Farvardin to the end of Esfand)."""
    start = jdatetime.date(jyear, 1, 1).togregorian()
    end = jdatetime.date(jyear + 1, 1, 1).togregorian() - dt.timedelta(days=1)
    return start, end


def quarter_label(number) -> str:
    """A quarter of the Jalali year as a person reads it: "فصل ۳" in Persian, "Q3" in English."""
    from hamafza.core.l10n import localize_text  # lazy: l10n imports this module

    return localize_text(_("Q%(n)s") % {"n": number})

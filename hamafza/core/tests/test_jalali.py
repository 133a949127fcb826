import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hamafza.core import jalali
from hamafza.core.forms import JalaliDateField


def test_known_date_formats_in_persian_and_english():
    day = dt.date(2023, 1, 7)
    assert jalali.format_date(day, persian=True) == "۱۷ دی ۱۴۰۱"
    assert jalali.format_date(day, persian=False) == "7 Jan 2023"
    assert jalali.format_numeric(day, persian=True) == "۱۴۰۱/۱۰/۱۷"


def test_format_follows_active_language():
    day = dt.date(2024, 3, 20)  # 1 Farvardin 1403
    with translation.override("fa"):
        assert jalali.format_date(day) == "۱ فروردین ۱۴۰۳"
    with translation.override("en"):
        assert jalali.format_date(day) == "20 Mar 2024"


@pytest.mark.parametrize(
    "typed", ["1401/10/17", "۱۴۰۱/۱۰/۱۷", "١٤٠١/١٠/١٧", "1401-10-17", " 1401.10.17 ", "01/10/17"]
)
def test_parse_accepts_every_digit_script(typed):
    assert jalali.parse_date(typed) == dt.date(2023, 1, 7)


def test_parse_reads_gregorian_iso_dates():
    assert jalali.parse_date("2023-01-07") == dt.date(2023, 1, 7)


def test_leap_years():
    assert jalali.is_leap(1403)
    assert not jalali.is_leap(1402)
    assert not jalali.is_leap(1404)
    assert jalali.parse_date("۱۴۰۳/۱۲/۳۰") == dt.date(2025, 3, 20)
    with pytest.raises(ValidationError) as err:
        jalali.parse_date("۱۴۰۲/۱۲/۳۰")
    assert err.value.code == "invalid_date"
    with pytest.raises(ValidationError):
        jalali.parse_date("1404/12/30")


@pytest.mark.parametrize("typed", ["1403/13/01", "1403/07/31", "1403/00/10", "hello", "1403/1", ""])
def test_impossible_or_malformed_dates_are_refused(typed):
    with pytest.raises(ValidationError):
        jalali.parse_date(typed)


def test_error_message_is_in_the_users_language():
    with translation.override("fa"):
        with pytest.raises(ValidationError) as err:
            jalali.parse_date("۱۴۰۲/۱۲/۳۰")
    assert "کبیسه" in err.value.messages[0]
    with translation.override("en"):
        with pytest.raises(ValidationError) as err:
            jalali.parse_date("1402/12/30")
    assert "leap" in err.value.messages[0]


def test_year_bounds_start_on_farvardin_first():
    start, end = jalali.jalali_year_bounds(1403)
    assert start == dt.date(2024, 3, 20)
    assert end == dt.date(2025, 3, 20)  # 1403 is leap: Esfand has 30 days


def test_form_field_round_trip():
    field = JalaliDateField()
    assert field.clean("۱۴۰۱/۱۰/۱۷") == dt.date(2023, 1, 7)
    with translation.override("fa"):
        assert field.widget.format_value(dt.date(2023, 1, 7)) == "۱۴۰۱/۱۰/۱۷"
    with pytest.raises(ValidationError):
        field.clean("۱۴۰۲/۱۲/۳۰")


def test_dates_outside_the_supported_years_are_refused_and_never_break_rendering():
    import datetime as dt

    from django.core.exceptions import ValidationError

    from hamafza.core import jalali

    for typed in ("1299/12/29", "2200-01-01", "۱۵۰۱/۰۱/۰۱"):
        with pytest.raises(ValidationError) as refused:
            jalali.parse_date(typed)
        assert refused.value.code == "out_of_range"
    assert jalali.parse_date("1300/01/01") == jalali.FIRST_DAY
    ancient = dt.date(33, 1, 1)
    with pytest.raises(ValidationError):
        jalali.check_supported(ancient)
    assert jalali.format_date(ancient, persian=True) == "0033-01-01"
    assert jalali.format_numeric(ancient, persian=True) == "0033-01-01"
    assert jalali.to_jalali(ancient).year == 1300  # arithmetic takes the nearest supported day

import pytest
from django.core.exceptions import ValidationError

from hamafza.core.validators import (
    is_valid_national_code,
    normalize_mobile,
    validate_mobile,
    validate_national_code,
)


@pytest.mark.parametrize("code", ["0499370899", "0790419904", "0084575948", "۰۴۹۹۳۷۰۸۹۹"])
def test_valid_national_codes(code):
    assert is_valid_national_code(code)


@pytest.mark.parametrize(
    "code", ["0499370898", "1111111111", "123", "04993708991", "abcdefghij", ""]
)
def test_invalid_national_codes(code):
    assert not is_valid_national_code(code)
    with pytest.raises(ValidationError):
        validate_national_code(code)


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("09121234567", "09121234567"),
        ("۰۹۱۲۱۲۳۴۵۶۷", "09121234567"),
        ("+98 912 123 4567", "09121234567"),
        ("00989121234567", "09121234567"),
        ("9121234567", "09121234567"),
    ],
)
def test_mobile_forms_normalise(typed, normal):
    assert normalize_mobile(typed) == normal
    validate_mobile(typed)


@pytest.mark.parametrize(
    "typed", ["0912123456", "08121234567", "02122334455", "phone", "091212345678"]
)
def test_bad_mobiles_are_refused(typed):
    with pytest.raises(ValidationError):
        validate_mobile(typed)

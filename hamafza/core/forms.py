"""Form fields that speak Persian: Jalali dates, normalised text, Iranian mobile numbers."""

import datetime as dt

from django import forms
from django.utils.dateparse import parse_datetime

from hamafza.core import jalali
from hamafza.core.persian import normalize
from hamafza.core.validators import normalize_mobile, validate_mobile


class JalaliDateInput(forms.TextInput):
    """A text input with the Jalali date picker; shows Jalali in fa and ISO dates in en."""

    def __init__(self, attrs=None):
        base = {"data-jdp": "", "autocomplete": "off", "inputmode": "numeric", "dir": "ltr"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return jalali.format_numeric(value)
        return value


class JalaliDateField(forms.Field):
    widget = JalaliDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        return jalali.parse_date(value)


class NormalizedCharField(forms.CharField):
    """A CharField whose value goes through the Persian normaliser."""

    def to_python(self, value):
        return normalize(super().to_python(value))


class MobileField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "dir": "ltr", "placeholder": "09xxxxxxxxx"})

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_mobile(value) if value else value

    def validate(self, value):
        super().validate(value)
        if value:
            validate_mobile(value)


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


def attach_errors(form, error) -> None:
    """Show a service's ValidationError on the form: field errors on their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error)


STALE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def parse_version(text: str | None) -> dt.datetime | None:
    """The hidden ``version`` of an edit form (the record's updated_at when the form was opened).
    Empty: no check. Unreadable (tampered): a version that never matches, so the edit is refused
    as a conflict instead of failing."""
    if not text:
        return None
    try:
        return parse_datetime(text) or STALE
    except ValueError:
        return STALE


def small_int(value) -> int | None:
    """A non-negative whole number from a query or form parameter, or None (never an error)."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdecimal() or len(text) > 10:
        return None
    number = int(text)
    return number if number < 2**31 else None


def is_stale(current: dt.datetime, expected: dt.datetime | None) -> bool:
    """True if a record saved at ``current`` is newer than the ``expected`` version a form or an
    API client read. JSON carries times to the millisecond, so that is the precision compared."""
    if expected is None:
        return False

    def ms(value: dt.datetime) -> dt.datetime:
        return value.replace(microsecond=value.microsecond // 1000 * 1000)

    return ms(current) != ms(expected)

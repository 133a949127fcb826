"""Form fields that speak Persian: Jalali dates, normalised text, Iranian mobile numbers, and
numbers and times typed in Persian, Arabic-Indic or Latin digits."""

import datetime as dt
import re

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hamafza.core import jalali
from hamafza.core.persian import clean_code, clean_typed, localize_digits, to_latin_digits
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


class TypedCharField(forms.CharField):
    """A CharField that keeps what the person typed (``clean_typed``: only keyboard artefacts
    such as Arabic ي/ك and stray invisible marks are fixed; hamza, diacritics, digits stay)."""

    def to_python(self, value):
        return clean_typed(super().to_python(value))


class CodeField(TypedCharField):
    """An identifier a person types (a school or program code): stored with Latin digits,
    shown left-to-right, so "۱۰۰۱" and "1001" are one code."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "ltr"})

    def to_python(self, value):
        return clean_code(super().to_python(value))


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


# ----- numbers and times typed in any script -----
#
# ``<input type=number>`` drops Persian digits in Chromium and ``<input type=time>`` shows a 12-hour
# clock, so numbers and times are text inputs: the widget hands the field Latin text (whatever
# digits were typed) and shows the value in the page's digits. BootstrapFormMixin puts these
# widgets on every numeric and time field, so no form has to.

_GROUP_SEPARATORS = ",٬،"  # Latin comma, Arabic thousands separator, Arabic comma
_NUMBER_MARKS = str.maketrans(
    {
        "٫": ".",  # Persian/Arabic decimal separator
        "\u2212": "-",  # minus sign
        **dict.fromkeys(
            map(ord, "\u200c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        ),
    }
)
_GROUPED = re.compile(rf"^[-+]?\d{{1,3}}(?:[{_GROUP_SEPARATORS}]\d{{3}})+(?:\.\d+)?$")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?$|^(\d{1,2})(\d{2})$")


def latin_number(text: str) -> str:
    """A number as typed ("۱٬۲۰۰", "٤٫٥", "1,200") in the Latin form Python reads ("1200", "4.5").
    Thousands separators are dropped only where they group digits by three, so "4,5" stays as it
    is (and is refused) rather than silently becoming 45."""
    text = to_latin_digits(text).translate(_NUMBER_MARKS).strip()
    if _GROUPED.match(text):
        text = re.sub(f"[{_GROUP_SEPARATORS}]", "", text)
    return text


def parse_time(text: str) -> dt.time:
    """A 24-hour time typed in any digits: "9:30", "۰۹:۳۰", "09.30", "0930" or "9" (09:00).
    Raises ValueError for anything else, such as "25:00"."""
    match = _CLOCK.match(to_latin_digits(text or "").translate(_NUMBER_MARKS).strip())
    if not match:
        raise ValueError(text)
    hour, minute = match.group(1, 2) if match.group(1) else match.group(3, 4)
    return dt.time(int(hour), int(minute or 0))  # ValueError for 25:00 or 9:75


def _shown(text: str) -> str:
    """A number in the page's digits and separators: ۴٫۵ and ۱٬۲۰۰ in fa, 4.5 and 1,200 in en."""
    text = localize_digits(text)
    if (get_language() or "fa").startswith("fa"):
        return text.replace(",", "٬").replace(".", "٫")
    return text


class NumberTextInput(forms.TextInput):
    """A number in any digits: a text input with a numeric keyboard, never ``type=number``."""

    def __init__(self, attrs=None, *, decimal: bool = False):
        base = {"inputmode": "decimal" if decimal else "numeric", "dir": "ltr"}
        super().__init__({**base, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for key in ("min", "max", "step"):  # meaningless on a text input; checked on the server
            context["widget"]["attrs"].pop(key, None)
        return context

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return latin_number(value) if isinstance(value, str) else value

    def format_value(self, value):
        value = super().format_value(value)
        return None if value is None else _shown(value)


class TimeTextInput(forms.TextInput):
    """A 24-hour time (HH:MM) in any digits, shown in the page's digits."""

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}
        super().__init__({**base, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", localize_digits("09:30"))
        return context

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if not isinstance(value, str):
            return value
        try:
            return parse_time(value).strftime("%H:%M")
        except ValueError:
            return to_latin_digits(value).strip()  # refused by the field, shown again as typed

    def format_value(self, value):
        if isinstance(value, dt.time):
            value = value.strftime("%H:%M")
        return localize_digits(value) if value else None


# What only a browser's number or time input takes; a text input drops it (the server checks).
_BROWSER_INPUT_ATTRS = ("type", "min", "max", "step")


def _read_any_digits(field: forms.Field) -> None:
    """Swap a numeric or time field's browser widget for one that reads any digits, and give
    range errors that name the range in the page's digits."""
    widget = field.widget
    if isinstance(field, forms.IntegerField):  # DecimalField and FloatField too
        if not (isinstance(widget, forms.NumberInput) or type(widget) is forms.TextInput):
            return  # hidden, a select, or already ours
        decimal = isinstance(field, forms.FloatField) or (
            isinstance(field, forms.DecimalField) and field.decimal_places != 0
        )
        attrs = {k: v for k, v in widget.attrs.items() if k not in _BROWSER_INPUT_ATTRS}
        attrs.pop("inputmode", None)
        new = NumberTextInput(attrs, decimal=decimal)
        _range_messages(field)
    elif isinstance(field, forms.TimeField) and isinstance(widget, forms.TimeInput):
        new = TimeTextInput(
            {k: v for k, v in widget.attrs.items() if k not in _BROWSER_INPUT_ATTRS}
        )
        if field.error_messages["invalid"] == forms.TimeField.default_error_messages["invalid"]:
            field.error_messages["invalid"] = _(
                "Enter a time from 00:00 to 23:59, for example 09:30."
            )
    else:
        return
    new.is_required, new.is_localized = widget.is_required, widget.is_localized
    field.widget = new


def _range_messages(field: forms.IntegerField) -> None:
    """Range errors that name the whole range, in the page's digits (a form's own messages stay)."""
    low, high = field.min_value, field.max_value
    if low is not None and high is not None:
        message = _("Enter a number from %(min)s to %(max)s.")
    elif low is not None:
        message = _("Enter a number of at least %(min)s.")
    elif high is not None:
        message = _("Enter a number of at most %(max)s.")
    else:
        return
    message %= {k: _shown(f"{v:,}") for k, v in (("min", low), ("max", high)) if v is not None}
    for code in ("min_value", "max_value"):
        field.error_messages.setdefault(code, message)


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes, and every number and time field a text input that
    reads Persian, Arabic-Indic and Latin digits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _read_any_digits(field)
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


def small_int(value) -> int | None:
    """A non-negative whole number from a query or form parameter, in Persian, Arabic-Indic or
    Latin digits, or None (never an error)."""
    text = latin_number(str(value)) if value is not None else ""
    if not text.isascii() or not text.isdecimal() or len(text) > 10:
        return None
    number = int(text)
    return number if number < 2**31 else None

"""Numbers and times typed in any script: Persian (۰-۹), Arabic-Indic (٠-٩) or Latin digits.

Browsers drop Persian digits from ``<input type=number>`` and show ``<input type=time>`` on a
12-hour clock, so every numeric and time field is a text input that the server reads."""

import copy
import datetime as dt
import importlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from hamafza.core.forms import BootstrapFormMixin, _read_any_digits, parse_time, small_int
from hamafza.core.persian import localize_digits
from hamafza.meetings.forms import MeetingForm
from hamafza.org.middleware import scope_for_user
from hamafza.org.models import Venue
from hamafza.trainers.forms import CourseSessionForm

BROWSER_NUMBER_OR_TIME = re.compile(r"""type=["']?(number|time)\b""")


class CountsForm(BootstrapFormMixin, forms.Form):
    head_count = forms.IntegerField(min_value=1, max_value=5000)
    budget = forms.IntegerField(min_value=0, required=False)
    start = forms.TimeField(required=False)


def _all_form_classes():
    root = Path(settings.BASE_DIR) / "hamafza"
    for module in [*root.glob("*/forms.py"), root / "sessions" / "views_bulk.py"]:
        importlib.import_module(f"hamafza.{module.parent.name}.{module.stem}")
    found, todo = set(), [BootstrapFormMixin]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found and sub.__module__.startswith("hamafza."):
                found.add(sub)
                todo.append(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__name__}")


def test_no_template_has_a_browser_number_or_time_input():
    root = Path(settings.BASE_DIR)
    templates = [*root.glob("hamafza/*/templates/**/*.html"), *root.glob("templates/**/*.html")]
    assert templates
    offenders = [
        str(path.relative_to(root))
        for path in templates
        if BROWSER_NUMBER_OR_TIME.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_number_and_time_field_of_every_form_is_a_text_input():
    # given every numeric and time field declared on a form of the project (ModelForm fields too)
    checked = 0
    for form_class in _all_form_classes():
        for name, declared in form_class.base_fields.items():
            if not isinstance(declared, forms.IntegerField | forms.TimeField):
                continue
            field = copy.deepcopy(declared)
            if isinstance(field.widget, forms.HiddenInput):
                continue
            # when the mixin prepares it
            _read_any_digits(field)
            html = field.widget.render(name, None)
            # then the browser gets a text input with a numeric keyboard
            where = f"{form_class.__name__}.{name}"
            assert 'type="text"' in html and not BROWSER_NUMBER_OR_TIME.search(html), where
            assert 'inputmode="numeric"' in html or 'inputmode="decimal"' in html, where
            checked += 1
    assert checked >= 20  # capacities, targets, grades, budgets, hours, times …


def test_the_mixin_swaps_the_widget_and_shows_the_pages_digits():
    form = CountsForm(initial={"head_count": 24, "start": dt.time(9, 30)})
    with translation.override("fa"):
        html = str(form["head_count"]) + str(form["start"])
        assert 'type="text"' in html and "type=" + '"number"' not in html
        assert 'value="۲۴"' in html and 'value="۰۹:۳۰"' in html and 'placeholder="۰۹:۳۰"' in html
        assert 'inputmode="numeric"' in html and "min=" not in html
    with translation.override("en"):
        html = str(form["head_count"]) + str(form["start"])
        assert 'value="24"' in html and 'value="09:30"' in html


@pytest.mark.parametrize("typed", ["۲۴", "٢٤", "24", " ۲۴ ", "۲۴\u200e"])
def test_a_count_in_any_digits_is_read(typed):
    form = CountsForm({"head_count": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["head_count"] == 24


@pytest.mark.parametrize("typed", ["۱٬۵۰۰٬۰۰۰", "١٬٥٠٠٬٠٠٠", "1,500,000", "۱،۵۰۰،۰۰۰", "1500000"])
def test_thousands_separators_are_tolerated(typed):
    form = CountsForm({"head_count": "1", "budget": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["budget"] == 1_500_000


@pytest.mark.parametrize("typed", ["abc", "۲x", "4.5", "1,50"])
def test_what_is_not_a_whole_number_is_refused(typed):
    with translation.override("fa"):
        form = CountsForm({"head_count": typed})
        assert not form.is_valid()
        assert form.errors["head_count"] == ["به طور کامل یک عدد وارد کنید."]


def test_out_of_range_is_refused_with_the_range_in_the_pages_digits():
    with translation.override("fa"):
        form = CountsForm({"head_count": "۶۰۰۰"})
        assert not form.is_valid()
        assert form.errors["head_count"] == ["عددی از ۱ تا ۵٬۰۰۰ بنویسید."]
        form = CountsForm({"head_count": "0"})
        assert form.errors["head_count"] == ["عددی از ۱ تا ۵٬۰۰۰ بنویسید."]
    with translation.override("en"):
        form = CountsForm({"head_count": "6000"})
        assert form.errors["head_count"] == ["Enter a number from 1 to 5,000."]
        form = CountsForm({"head_count": "1", "budget": "-5"})
        assert form.errors["budget"] == ["Enter a number of at least 0."]


@pytest.mark.parametrize("typed", ["۴٫۵", "٤٫٥", "4.5", "۴.۵"])
def test_a_decimal_in_any_digits_with_either_separator(typed):
    form = CourseSessionForm({"date": "۱۴۰۵/۰۱/۱۵", "topic": "کارگاه", "hours": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == Decimal("4.5")
    assert form.cleaned_data["date"] == dt.date(2026, 4, 4)


def test_a_decimal_field_has_a_decimal_keyboard_and_its_own_range():
    with translation.override("fa"):
        form = CourseSessionForm({"date": "1405/01/15", "topic": "x", "hours": "۱۳"})
        assert 'inputmode="decimal"' in str(form["hours"])
        assert form.errors["hours"] == ["عددی از ۰٫۵ تا ۱۲ بنویسید."]
        form = CourseSessionForm({"date": "1405/01/15", "topic": "x", "hours": "4,5"})
        assert form.errors["hours"] == ["یک عدد وارد کنید."]
        shown = CourseSessionForm(initial={"hours": Decimal("2.5")})
        assert 'value="۲٫۵"' in str(shown["hours"])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("۰۹:۳۰", dt.time(9, 30)), ("٠٩:٣٠", dt.time(9, 30)), ("9:30", dt.time(9, 30)),
     ("09:30", dt.time(9, 30)), ("۹۳۰", dt.time(9, 30)), ("21", dt.time(21)), ("23:59", dt.time(23, 59))],
)  # fmt: skip
def test_a_24_hour_time_in_any_digits(typed, expected):
    assert parse_time(typed) == expected
    form = CountsForm({"head_count": "1", "start": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == expected


@pytest.mark.parametrize("typed", ["25:00", "۲۵:۰۰", "9:75", "9:30 PM", "ساعت ۹"])
def test_an_impossible_time_is_refused_with_a_clear_message(typed):
    with pytest.raises(ValueError):
        parse_time(typed)
    with translation.override("fa"):
        form = CountsForm({"head_count": "1", "start": typed})
        assert not form.is_valid()
        assert form.errors["start"] == ["ساعت را از ۰۰:۰۰ تا ۲۳:۵۹ بنویسید؛ مثلاً ۰۹:۳۰."]
        assert f'value="{localize_digits(typed)}"' in str(form["start"])  # shown again as typed


def test_small_int_reads_persian_and_arabic_digits():
    assert small_int("۱۴۰۵") == 1405 and small_int("٣") == 3 and small_int("12") == 12
    assert small_int("۱٬۴۰۵") == 1405
    assert small_int("-1") is None and small_int("abc") is None and small_int(None) is None
    assert small_int("۱" * 11) is None


def test_a_meeting_combines_a_jalali_date_and_a_time_typed_in_persian(world, users):
    scope = scope_for_user(users["directorate"])
    form = MeetingForm(
        {"title": "نشست", "date": "۱۴۰۵/۰۹/۱۴", "start": "۰۹:۳۰", "end": "١١:٠٠", "place": "تالار"},
        scope=scope,
    )
    assert form.is_valid(), form.errors
    day = dt.date(2026, 12, 5)  # 1405/09/14
    assert form.cleaned_data["starts_at"] == timezone.make_aware(
        dt.datetime.combine(day, dt.time(9, 30))
    )
    assert form.cleaned_data["ends_at"] == timezone.make_aware(
        dt.datetime.combine(day, dt.time(11))
    )
    refused = MeetingForm(
        {"title": "نشست", "date": "۱۴۰۵/۰۹/۱۴", "start": "۲۵:۰۰", "end": "۱۱:۰۰", "place": "x"},
        scope=scope,
    )
    assert not refused.is_valid() and "start" in refused.errors


@pytest.mark.parametrize("typed", ["۲۴", "٢٤", "24"])
def test_a_model_forms_positive_integer_is_saved_from_any_digits(world, client_for, typed):
    # given a venue typed with its capacity in Persian, Arabic-Indic or Latin digits
    data = {"name": "سالن", "district": world.d6.pk, "kind": "hall", "capacity": typed}
    # when the directorate saves it
    response = client_for("directorate").post(reverse("org:venue_create"), data)
    # then the number is stored
    assert response.status_code == 302
    assert Venue.objects.get(name="سالن").capacity == 24


def test_a_model_form_refuses_a_capacity_that_is_not_a_number(world, client_for):
    before = Venue.objects.count()
    data = {"name": "سالن", "district": world.d6.pk, "kind": "hall", "capacity": "abc"}
    response = client_for("directorate").post(reverse("org:venue_create"), data)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "به طور کامل یک عدد وارد کنید." in html and 'value="abc"' in html
    assert not BROWSER_NUMBER_OR_TIME.search(html)
    assert Venue.objects.count() == before

"""Template filters for the edges: Jalali dates, Persian digits, active-language URLs."""

from django import template
from django.utils.translation import get_language

from hamafza.core import jalali
from hamafza.core.persian import localize_digits, to_persian_digits

register = template.Library()


@register.filter
def jdate(value):
    return jalali.format_date(value)


@register.filter
def jdatetime(value):
    return jalali.format_datetime(value)


@register.filter
def num(value):
    """Digits in the active language: Persian in fa, Latin in en."""
    if value is None:
        return ""
    text = f"{value:,}" if isinstance(value, int) else str(value)
    if (get_language() or "fa").startswith("fa"):
        return to_persian_digits(text.replace(",", "٬"))
    return text


@register.filter
def digits(value):
    """Digits inside a text in the active language (Persian in fa)."""
    return localize_digits(value)


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs):
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return "?" + query.urlencode()


@register.filter
def pct(value):
    """A whole percentage in the active language: ۴۵٪ in fa, 45% in en."""
    if value is None or value == "":
        return ""
    if (get_language() or "fa").startswith("fa"):
        return f"{num(value)}٪"
    return f"{num(value)}%"

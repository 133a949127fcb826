"""Template filters for the edges: Jalali dates, Persian digits, active-language URLs."""

from django import template

from hamafza.core import jalali
from hamafza.core.l10n import format_number, format_percent, localize_text

register = template.Library()


@register.filter
def jdate(value):
    return jalali.format_date(value)


@register.filter
def jdatetime(value):
    return jalali.format_datetime(value)


@register.filter
def quarter(value):
    """``3`` → "فصل ۳" in Persian, "Q3" in English."""
    return "" if value in (None, "") else jalali.quarter_label(value)


@register.filter
def num(value, decimals=None):
    """A number in the active language (``core.l10n.format_number``): ``۱٬۲۳۴٫۵`` in fa,
    ``1,234.5`` in en; ``{{ x|num:1 }}`` for a fixed number of decimals."""
    return format_number(value, decimals=None if decimals in (None, "") else int(decimals))


@register.filter
def digits(value):
    """Digits inside a text in the active language (Persian in fa)."""
    return localize_text(value)


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs):
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return "?" + query.urlencode()


@register.filter
def pct(value, decimals=0):
    """A percentage in the active language: ۴۵٪ in fa, 45% in en."""
    return format_percent(value, decimals=int(decimals))

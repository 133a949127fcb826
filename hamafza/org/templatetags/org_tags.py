from django import template
from django.utils.text import capfirst

from hamafza.core.persian import localize_digits
from hamafza.core.templatetags.hamafza import num

register = template.Library()


@register.simple_tag
def field_label(meta, name):
    return capfirst(meta.get_field(name).verbose_name)


@register.simple_tag
def field_value(obj, name):
    getter = getattr(obj, f"get_{name}_display", None)
    value = getter() if getter else getattr(obj, name)
    if value is None:
        return ""
    if isinstance(value, int):
        return num(value)
    return localize_digits(value)

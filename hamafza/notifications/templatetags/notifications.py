"""``{% notification_bell %}``: the bell in the navbar with the unread count (one query)."""

from django import template

from hamafza.notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/partials/bell.html", takes_context=True)
def notification_bell(context, oob=False):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "oob": oob, "unread": selectors.unread_count(user=user)}

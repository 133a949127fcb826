from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.core import navigation as navigation_registry
from hamafza.core.scoping import Role
from hamafza.org.permissions import can_manage_people, can_view
from hamafza.org.selectors import memberships_of, municipalities_for_platform_admin

NAV = (
    ("district", "org:district_list", _("Districts")),
    ("neighbourhood", "org:neighbourhood_list", _("Neighbourhoods")),
    ("agency", "org:agency_list", _("Agencies")),
    ("school", "org:school_list", _("Schools")),
    ("venue", "org:venue_list", _("Venues")),
)


def org_menu(scope, user) -> list:
    """The organisation records as one drop-down group of the main menu."""
    items = [(reverse(url), label) for key, url, label in NAV if can_view(scope, key)]
    if can_manage_people(scope):
        items.append((reverse("org:people"), _("People")))
    return [(None, _("Organisation"), items)] if items else []


def navigation(request):
    scope = getattr(request, "scope", None)
    if scope is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav_items": []}
    items = navigation_registry.items_for(scope, request.user)
    memberships = []
    if request.user.is_superuser:
        memberships = [(m.pk, str(m)) for m in municipalities_for_platform_admin()]
    else:
        memberships = [(m.pk, str(m)) for m in memberships_of(request.user)]
    current = scope.municipality_id if request.user.is_superuser else scope.membership_id
    role_label = Role(scope.role).label if scope.role else ""
    return {
        "nav_items": items,
        "scope_choices": memberships,
        "scope_current": current,
        "scope_role_label": role_label,
    }

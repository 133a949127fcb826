from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.community.selectors import can_see_overview
from hamafza.library.permissions import can_view_library


def community_menu(scope, user) -> list:
    items = []
    if can_view_library(scope):
        items.append((reverse("community:home"), _("Common room")))
    if can_see_overview(scope):
        items.append((reverse("community:overview"), _("Community at a glance")))
    return items

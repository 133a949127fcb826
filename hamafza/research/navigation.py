from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.research.permissions import can_export_research, can_read_effectiveness


def research_menu(scope, user) -> list:
    items = []
    if can_read_effectiveness(scope):
        items.append((reverse("research:effectiveness"), _("Program effectiveness")))
    if can_export_research(scope):
        items.append((reverse("research:export"), _("Research export")))
    return items

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.notifications.permissions import can_manage_deliveries


def notification_menu(scope, user) -> list:
    if can_manage_deliveries(scope):
        return [(reverse("notifications:failed"), _("Failed deliveries"))]
    return []

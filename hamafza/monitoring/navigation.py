from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.monitoring.permissions import can_view_monitoring


def monitoring_menu(scope, user) -> list:
    if can_view_monitoring(scope):
        return [(reverse("monitoring:dashboard"), _("Monitoring"))]
    return []

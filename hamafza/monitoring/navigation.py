from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.core.scoping import Role
from hamafza.monitoring.permissions import can_view_monitoring


def monitoring_menu(scope, user) -> list:
    if can_view_monitoring(scope):
        return [(reverse("monitoring:dashboard"), _("Monitoring"))]
    if scope.role == Role.TRAINER:
        return [(reverse("monitoring:my_delivery"), _("My delivery"))]
    return []

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.plans.permissions import can_read_plans


def plan_menu(scope, user) -> list:
    if can_read_plans(scope):
        return [(reverse("plans:index"), _("Joint plan"))]
    return []

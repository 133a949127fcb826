from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.camps.permissions import can_manage_camps, can_view_camps, sees_only_staffed_camps


def camp_menu(scope, user) -> list:
    if can_manage_camps(scope):
        return [(reverse("camps:list"), _("Camps"))]
    if sees_only_staffed_camps(scope):
        return [(reverse("camps:list"), _("My camps"))]
    if can_view_camps(scope):
        return [(reverse("camps:list"), _("Camps"))]
    return []

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.exports.permissions import can_export


def export_menu(scope, user) -> list:
    if can_export(scope):
        return [(reverse("exports:index"), _("Exports"))]
    return []

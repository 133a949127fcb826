from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.catalogue.permissions import can_view_catalogue


def catalogue_menu(scope, user) -> list:
    if can_view_catalogue(scope):
        return [(reverse("catalogue:program_list"), _("Programs"))]
    return []

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.library.permissions import can_view_library


def library_menu(scope, user) -> list:
    if can_view_library(scope):
        return [(reverse("library:list"), _("Library"))]
    return []

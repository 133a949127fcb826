from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.mentoring import permissions


def mentoring_menu(scope, user) -> list:
    if permissions.is_trainer(scope):
        return [(reverse("mentoring:mine"), _("My mentoring"))]
    if permissions.can_manage(scope):
        return [(reverse("mentoring:board"), _("Mentoring"))]
    return []

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.volunteering import permissions


def volunteering_menu(scope, user) -> list:
    if permissions.is_volunteer(scope):
        return [(reverse("volunteering:browse"), _("Opportunities"))]
    if permissions.can_manage(scope):
        return [(reverse("volunteering:browse"), _("Volunteering"))]
    if permissions.adds_students(scope):
        return [(reverse("volunteering:volunteers"), _("Student volunteers"))]
    return []

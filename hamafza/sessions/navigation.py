from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.core.scoping import PUBLIC, Role
from hamafza.sessions.permissions import can_view_sessions


def session_menu(scope, user) -> list:
    items = []
    if can_view_sessions(scope):
        items.append((reverse("sessions:list"), _("Sessions")))
    if scope.role == Role.TRAINER:
        items.append((reverse("sessions:today"), _("My sessions")))
    if scope.role == Role.SCHOOL_CONTACT:
        items.append((reverse("sessions:school_verify"), _("Sessions to confirm")))
    if scope.role in PUBLIC:
        items.append((reverse("sessions:public_list"), _("Public sessions")))
    return items

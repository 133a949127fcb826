from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.sessions.permissions import can_view_sessions


def session_menu(scope, user) -> list:
    return [(reverse("sessions:list"), _("Sessions"))] if can_view_sessions(scope) else []

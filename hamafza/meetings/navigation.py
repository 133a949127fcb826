from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.meetings.permissions import can_use_meetings


def meeting_menu(scope, user) -> list:
    if can_use_meetings(scope):
        return [(reverse("meetings:index"), _("Meetings"))]
    return []

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "hamafza.meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.meetings.navigation import meeting_menu

        navigation.register(meeting_menu, order=38, group="coordinate")

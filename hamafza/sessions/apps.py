from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    name = "hamafza.sessions"
    label = "sessions_app"
    verbose_name = _("Sessions")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.sessions.navigation import session_menu

        navigation.register(session_menu, order=40, group="deliver")
        from hamafza.sessions.selectors import delivered_hours
        from hamafza.trainers.selectors import HOURS_PROVIDERS

        if delivered_hours not in HOURS_PROVIDERS:
            HOURS_PROVIDERS.append(delivered_hours)
        from hamafza.sessions import imports  # noqa: F401 - registers the session import

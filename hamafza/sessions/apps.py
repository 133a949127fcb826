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
        from hamafza.plans.selectors import LINE_PROGRESS
        from hamafza.sessions.selectors import annotate_line_progress, delivered_hours
        from hamafza.trainers.selectors import HOURS_PROVIDERS

        if delivered_hours not in HOURS_PROVIDERS:
            HOURS_PROVIDERS.append(delivered_hours)
        if annotate_line_progress not in LINE_PROGRESS:
            LINE_PROGRESS.append(annotate_line_progress)
        from hamafza.sessions import imports  # noqa: F401 - registers the session import

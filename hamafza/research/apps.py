from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "hamafza.research"
    label = "research"
    verbose_name = _("Research")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.research.navigation import research_menu

        navigation.register(research_menu, order=62, group="quality")

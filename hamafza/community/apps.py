from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "hamafza.community"
    label = "community"
    verbose_name = _("Trainers' community")

    def ready(self):
        from hamafza.community.navigation import community_menu
        from hamafza.community.selectors import record_panel
        from hamafza.core import navigation
        from hamafza.trainers.selectors import RECORD_PANELS

        navigation.register(community_menu, order=31, group="community")
        if record_panel not in RECORD_PANELS:
            RECORD_PANELS.append(record_panel)

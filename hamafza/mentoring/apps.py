from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "hamafza.mentoring"
    label = "mentoring"
    verbose_name = _("Mentoring")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.mentoring.navigation import mentoring_menu
        from hamafza.mentoring.selectors import ladder_check
        from hamafza.trainers.selectors import LADDER_CHECKS

        navigation.register(mentoring_menu, order=34, group="community")
        if ladder_check not in LADDER_CHECKS:
            LADDER_CHECKS.append(ladder_check)

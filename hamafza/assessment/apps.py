from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "hamafza.assessment"
    label = "assessment"
    verbose_name = _("Knowledge tests")

    def ready(self):
        from hamafza.assessment.navigation import assessment_menu
        from hamafza.core import navigation

        navigation.register(assessment_menu, order=61, group="quality")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "hamafza.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.surveys.navigation import survey_menu

        navigation.register(survey_menu, order=60, group="quality")

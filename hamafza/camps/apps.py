from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampsConfig(AppConfig):
    name = "hamafza.camps"
    label = "camps"
    verbose_name = _("Camps")

    def ready(self):
        from hamafza.camps.navigation import camp_menu
        from hamafza.core import navigation

        navigation.register(camp_menu, order=45, group="deliver")

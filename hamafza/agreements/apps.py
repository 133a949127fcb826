from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "hamafza.agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from hamafza.agreements.navigation import agreement_menu
        from hamafza.core import navigation

        navigation.register(agreement_menu, order=37, group="coordinate")

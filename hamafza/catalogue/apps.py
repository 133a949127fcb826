from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "hamafza.catalogue"
    label = "catalogue"
    verbose_name = _("Program catalogue")

    def ready(self):
        from hamafza.catalogue import imports  # noqa: F401 - registers the program import
        from hamafza.catalogue.navigation import catalogue_menu
        from hamafza.core import navigation

        navigation.register(catalogue_menu, order=20)

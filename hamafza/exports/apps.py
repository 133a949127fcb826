from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "hamafza.exports"
    verbose_name = _("Exports")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.exports.navigation import export_menu

        navigation.register(export_menu, order=80, group="monitor")

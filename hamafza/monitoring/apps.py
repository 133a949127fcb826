from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "hamafza.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.monitoring import signals
        from hamafza.monitoring.navigation import monitoring_menu

        signals.connect()
        navigation.register(monitoring_menu, order=60, group="monitor")

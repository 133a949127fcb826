from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "hamafza.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.notifications.navigation import notification_menu

        navigation.register(notification_menu, order=90)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "hamafza.volunteering"
    label = "volunteering"
    verbose_name = _("Volunteering")

    def ready(self):
        from hamafza.core import navigation  # apps are loaded only now
        from hamafza.core.views import HOME_PANELS  # apps are loaded only now
        from hamafza.volunteering.navigation import volunteering_menu  # apps are loaded only now
        from hamafza.volunteering.selectors import home_panel  # apps are loaded only now

        navigation.register(volunteering_menu, order=46, group="deliver")
        if home_panel not in HOME_PANELS:
            HOME_PANELS.append(home_panel)

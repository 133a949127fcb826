from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "hamafza.plans"
    verbose_name = _("Joint plan")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.plans.navigation import plan_menu

        navigation.register(plan_menu, order=35, group="deliver")
        from hamafza.notifications import kinds

        kinds.register("plan_submitted", _("Plan submitted"))
        kinds.register("plan_approved", _("Plan approved"))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "hamafza.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from hamafza.core import navigation
        from hamafza.org.context_processors import org_menu

        navigation.register(org_menu, order=10)
        from hamafza.org import imports  # noqa: F401 - registers the school import
        from hamafza.org.importing import BACKGROUND_CHECK
        from hamafza.org.tasks import check_import_task

        if check_import_task not in BACKGROUND_CHECK:
            BACKGROUND_CHECK.append(check_import_task)

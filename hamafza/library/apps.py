from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "hamafza.library"
    label = "library"
    verbose_name = _("Trainers' library")

    def ready(self):
        from hamafza.catalogue.selectors import PROGRAM_PANELS
        from hamafza.core import navigation
        from hamafza.library.navigation import library_menu
        from hamafza.library.selectors import program_panel

        navigation.register(library_menu, order=32)
        if program_panel not in PROGRAM_PANELS:
            PROGRAM_PANELS.append(program_panel)

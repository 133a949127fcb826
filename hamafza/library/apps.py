from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "hamafza.library"
    label = "library"
    verbose_name = _("Trainers' library")

    def ready(self):
        from django.db.models.signals import post_delete  # apps are loaded only now

        from hamafza.catalogue.selectors import PROGRAM_PANELS  # apps are loaded only now
        from hamafza.core import navigation  # apps are loaded only now
        from hamafza.library import services  # apps are loaded only now
        from hamafza.library.models import ExperienceReport, Resource  # apps are loaded only now
        from hamafza.library.navigation import library_menu  # apps are loaded only now
        from hamafza.library.selectors import program_panel, session_panel  # apps loaded now
        from hamafza.search.registry import Kind, register  # apps are loaded only now
        from hamafza.sessions.selectors import SESSION_PANELS  # apps are loaded only now

        navigation.register(library_menu, order=32, group="community")
        if program_panel not in PROGRAM_PANELS:
            PROGRAM_PANELS.append(program_panel)
        if session_panel not in SESSION_PANELS:
            SESSION_PANELS.append(session_panel)
        register(
            Kind(
                key="resource",
                label=_("Library resource"),
                url_name="library:detail",
                shared_url_name="library:shared_detail",
                rebuild=services.reindex_resources,
            )
        )
        register(
            Kind(
                key="report",
                label=_("Experience report"),
                url_name="library:report_detail",
                rebuild=services.reindex_reports,
            )
        )
        post_delete.connect(services.dropped_resource, sender=Resource, dispatch_uid="lib_res_drop")
        post_delete.connect(
            services.dropped_report, sender=ExperienceReport, dispatch_uid="lib_rep"
        )

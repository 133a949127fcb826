from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "hamafza.questions"
    label = "questions"
    verbose_name = _("Questions and answers")

    def ready(self):
        from hamafza.catalogue.selectors import PROGRAM_PANELS  # app registry ready
        from hamafza.core import navigation  # app registry ready: menu and search kinds
        from hamafza.questions import services  # app registry ready
        from hamafza.questions.navigation import questions_menu  # app registry ready
        from hamafza.questions.selectors import program_panel  # app registry ready
        from hamafza.search.registry import Kind, register  # app registry ready

        navigation.register(questions_menu, order=33, group="community")
        if program_panel not in PROGRAM_PANELS:
            PROGRAM_PANELS.append(program_panel)
        register(
            Kind(
                key="question",
                label=_("Question"),
                url_name="questions:detail",
                rebuild=services.reindex_questions,
            )
        )

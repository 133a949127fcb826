from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "hamafza.questions"
    label = "questions"
    verbose_name = _("Questions and answers")

    def ready(self):
        from hamafza.core import navigation  # app registry ready: menu and search kinds
        from hamafza.questions.navigation import questions_menu  # app registry ready
        from hamafza.search.registry import Kind, register  # app registry ready

        navigation.register(questions_menu, order=33)
        register(Kind(key="question", label=_("Question"), url_name="questions:detail"))

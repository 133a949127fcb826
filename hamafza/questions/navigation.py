from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.questions.permissions import can_view


def questions_menu(scope, user) -> list:
    if can_view(scope):
        return [(reverse("questions:list"), _("Questions and answers"))]
    return []

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.surveys.permissions import can_read_surveys


def survey_menu(scope, user) -> list:
    return [(reverse("surveys:list"), _("Surveys"))] if can_read_surveys(scope) else []

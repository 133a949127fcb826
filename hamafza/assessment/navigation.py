from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.assessment.observations import can_observe
from hamafza.assessment.permissions import can_use_tests
from hamafza.assessment.scorecard import can_rank
from hamafza.core.scoping import Role


def assessment_menu(scope, user) -> list:
    items = []
    if can_use_tests(scope):
        items.append((reverse("assessment:list"), _("Knowledge tests")))
    if can_observe(scope):
        items.append((reverse("assessment:rubrics"), _("Observations")))
    if can_rank(scope):
        items.append((reverse("assessment:scorecard"), _("Trainer scorecards")))
    if scope.role == Role.TRAINER:
        items.append((reverse("assessment:my_scorecard"), _("My scorecard")))
    return items

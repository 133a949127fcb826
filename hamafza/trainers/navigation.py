from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.core.scoping import Role
from hamafza.trainers.permissions import can_view_pool


def trainer_menu(scope, user) -> list:
    if can_view_pool(scope):
        return [(reverse("trainers:pool"), _("Trainers"))]
    if scope.role == Role.TRAINER:
        return [(reverse("trainers:me"), _("My trainer profile"))]
    return []

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hamafza.agreements.permissions import can_read_agreements


def agreement_menu(scope, user) -> list:
    if can_read_agreements(scope):
        return [(reverse("agreements:index"), _("Agreements"))]
    return []

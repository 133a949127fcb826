"""Who may see failed deliveries and retry them: the platform admin and the directorate of the
municipality. Everyone signed in sees their own notifications and preferences."""

from hamafza.core.scoping import MUNICIPALITY_WIDE, Scope


def can_manage_deliveries(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MUNICIPALITY_WIDE

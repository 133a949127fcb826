"""Who may see and schedule sessions. Rows are limited by the scoping gate (district roles see
their district's sessions); these rules decide the verbs."""

from hamafza.core.scoping import DISTRICT_MANAGERS, MANAGERS_AND_LIAISONS, MUNICIPALITY_WIDE, Scope


def can_view_sessions(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MANAGERS_AND_LIAISONS


def can_schedule(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in DISTRICT_MANAGERS


def can_keep_holidays(scope: Scope) -> bool:
    return scope.role in MUNICIPALITY_WIDE

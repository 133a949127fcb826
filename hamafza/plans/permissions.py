"""Who may read and change the joint plan. Rows are limited by the scoping gate (a district
coordinator sees only their district's part); these rules decide the verbs."""

from hamafza.core.scoping import DISTRICT_MANAGERS, MANAGERS_AND_LIAISONS, MUNICIPALITY_WIDE, Scope


def can_read_plans(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MANAGERS_AND_LIAISONS


def can_edit_plans(scope: Scope) -> bool:
    """Write targets, submit a district's part, comment, reopen approved targets."""
    return not scope.is_anonymous and scope.role in DISTRICT_MANAGERS


def can_approve_plans(scope: Scope) -> bool:
    """Create the year's plan, approve or return a district's part."""
    return not scope.is_anonymous and scope.role in MUNICIPALITY_WIDE

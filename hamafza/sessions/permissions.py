"""Who may see and schedule sessions. Rows are limited by the scoping gate (district roles see
their district's sessions); these rules decide the verbs."""

from hamafza.core.scoping import Role, Scope

VIEWERS = {Role.PLATFORM_ADMIN, Role.DIRECTORATE, Role.DISTRICT_COORDINATOR, Role.AGENCY_LIAISON}
SCHEDULERS = {Role.PLATFORM_ADMIN, Role.DIRECTORATE, Role.DISTRICT_COORDINATOR}
HOLIDAY_KEEPERS = {Role.PLATFORM_ADMIN, Role.DIRECTORATE}


def can_view_sessions(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in VIEWERS


def can_schedule(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in SCHEDULERS


def can_keep_holidays(scope: Scope) -> bool:
    return scope.role in HOLIDAY_KEEPERS

"""Who may do what with organisation records. Rows are limited by the scoping gate; these rules
decide the verbs."""

from hamafza.core.scoping import Role, Scope

STAFF_ROLES = {
    Role.PLATFORM_ADMIN,
    Role.DIRECTORATE,
    Role.DISTRICT_COORDINATOR,
    Role.AGENCY_LIAISON,
    Role.SCHOOL_CONTACT,
    Role.TRAINER,
}
MUNICIPALITY_MANAGERS = {Role.PLATFORM_ADMIN, Role.DIRECTORATE}
DISTRICT_MANAGERS = MUNICIPALITY_MANAGERS | {Role.DISTRICT_COORDINATOR}

# entity -> (who may view, who may create/edit)
RULES: dict[str, tuple[set[str], set[str]]] = {
    "district": (STAFF_ROLES, MUNICIPALITY_MANAGERS),
    "neighbourhood": (STAFF_ROLES, DISTRICT_MANAGERS),
    "agency": (STAFF_ROLES, MUNICIPALITY_MANAGERS),
    "school": (STAFF_ROLES, DISTRICT_MANAGERS),
    "venue": (STAFF_ROLES, DISTRICT_MANAGERS),
}


def can_view(scope: Scope, entity: str) -> bool:
    return not scope.is_anonymous and scope.role in RULES[entity][0]


def can_change(scope: Scope, entity: str) -> bool:
    return not scope.is_anonymous and scope.role in RULES[entity][1]


def can_import_schools(scope: Scope) -> bool:
    return can_change(scope, "school")


def can_view_audit(scope: Scope) -> bool:
    return scope.role in MUNICIPALITY_MANAGERS


def can_manage_people(scope: Scope) -> bool:
    """Directorate (and platform admins) give people roles in their municipality."""
    return scope.role in MUNICIPALITY_MANAGERS

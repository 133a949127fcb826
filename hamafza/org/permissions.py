"""Who may do what with organisation records. Rows are limited by the scoping gate; these rules
decide the verbs."""

from hamafza.core.scoping import DISTRICT_MANAGERS, MUNICIPALITY_WIDE, STAFF, Scope

# entity -> (who may view, who may create/edit)
RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "district": (STAFF, MUNICIPALITY_WIDE),
    "neighbourhood": (STAFF, DISTRICT_MANAGERS),
    "agency": (STAFF, MUNICIPALITY_WIDE),
    "school": (STAFF, DISTRICT_MANAGERS),
    "venue": (STAFF, DISTRICT_MANAGERS),
}


def can_view(scope: Scope, entity: str) -> bool:
    return not scope.is_anonymous and scope.role in RULES[entity][0]


def can_change(scope: Scope, entity: str) -> bool:
    return not scope.is_anonymous and scope.role in RULES[entity][1]


def can_import_schools(scope: Scope) -> bool:
    return can_change(scope, "school")


def can_view_audit(scope: Scope) -> bool:
    return scope.role in MUNICIPALITY_WIDE


def can_manage_people(scope: Scope) -> bool:
    """Directorate (and platform admins) give people roles in their municipality."""
    return scope.role in MUNICIPALITY_WIDE

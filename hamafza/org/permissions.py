"""Who may do what with organisation records. Rows are limited by the scoping gate; these rules
decide the verbs."""

from hamafza.core.scoping import DISTRICT_MANAGERS, MUNICIPALITY_WIDE, SCHOOL_SCOPED, STAFF, Scope

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


# Contact details: a school principal's mobile is for those who arrange sessions with the school
# (the directorate, the district's coordinator — the scoping gate gives them only their district's
# schools — and the school's own contact); a partner agency's contact mobile for the directorate
# and the coordinators. Trainers, liaisons and everyone else see names, never these numbers.
CONTACT_FIELDS: dict[str, tuple[str, ...]] = {
    "school": ("principal_mobile",),
    "agency": ("contact_mobile",),
}
CONTACT_READERS: dict[str, frozenset[str]] = {
    "school": DISTRICT_MANAGERS | SCHOOL_SCOPED,
    "agency": DISTRICT_MANAGERS,
}


def can_see_contacts(scope: Scope, entity: str) -> bool:
    return not scope.is_anonymous and scope.role in CONTACT_READERS.get(entity, frozenset())


def hidden_fields(scope: Scope, entity: str) -> tuple[str, ...]:
    """The fields of ``entity`` this scope may not read (its contact details, unless allowed)."""
    return () if can_see_contacts(scope, entity) else CONTACT_FIELDS.get(entity, ())


def can_import_schools(scope: Scope) -> bool:
    return can_change(scope, "school")


def can_view_audit(scope: Scope) -> bool:
    return scope.role in MUNICIPALITY_WIDE


def can_manage_people(scope: Scope) -> bool:
    """Directorate (and platform admins) give people roles in their municipality."""
    return scope.role in MUNICIPALITY_WIDE

"""Who may see and run camps. Rows are limited by the scoping gate (a district coordinator sees
their district's camps, a school contact their own students); these rules decide the verbs.

- the directorate (and platform admins) and district coordinators manage camps;
- trainers and volunteers see, read-only, the camps they are on the staff of;
- school contacts see, read-only, the camps of their district and their own students in them;
- citizens and agency liaisons see no camps (children's personal data)."""

from hamafza.core.scoping import DISTRICT_MANAGERS, FIELD_STAFF, SCHOOL_SCOPED, Scope


def can_view_camps(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in DISTRICT_MANAGERS | FIELD_STAFF | SCHOOL_SCOPED


def can_manage_camps(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in DISTRICT_MANAGERS


def sees_only_staffed_camps(scope: Scope) -> bool:
    return scope.role in FIELD_STAFF

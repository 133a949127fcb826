"""Who may read program effectiveness and take research exports.

- effectiveness: the directorate (and the platform admin) for the whole municipality, a district's
  coordinator for their district (the scoping gate narrows the sessions); nobody else;
- the research export: the directorate only, since it holds every district's row-level data."""

from hamafza.core.scoping import DISTRICT_MANAGERS, Role, Scope


def can_read_effectiveness(scope: Scope) -> bool:
    if scope.is_anonymous or scope.role not in DISTRICT_MANAGERS:
        return False
    return scope.role != Role.DISTRICT_COORDINATOR or scope.district_id is not None


def can_export_research(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role == Role.DIRECTORATE

"""Who sees plan-vs-actual. Rows are limited by the scoping gate and, for agency liaisons, by
their agency (the gate treats liaisons as municipality-wide, so the selectors add it):

- the directorate and platform admins: every district, with the league table;
- district coordinators: their district; agency liaisons: their agency's domains and lines;
- school contacts: their school's sessions and participants;
- trainers, volunteers and citizens: nothing (a trainer's own figures are on their week page)."""

from hamafza.core.scoping import Role, Scope

WIDE = {Role.PLATFORM_ADMIN, Role.DIRECTORATE}
VIEWERS = WIDE | {Role.DISTRICT_COORDINATOR, Role.AGENCY_LIAISON, Role.SCHOOL_CONTACT}


def can_view_monitoring(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in VIEWERS


def sees_league(scope: Scope) -> bool:
    return scope.role in WIDE or scope.role == Role.AGENCY_LIAISON


def sees_school_only(scope: Scope) -> bool:
    return scope.role == Role.SCHOOL_CONTACT


def can_view_trainer(scope: Scope, trainer) -> bool:
    """A trainer's delivery figures: the trainer's own; the directorate any trainer of the
    municipality; a district's coordinator the trainers homed in their district."""
    if scope.is_anonymous or trainer.municipality_id != scope.municipality_id:
        return False
    if scope.role in WIDE:
        return True
    if scope.role == Role.DISTRICT_COORDINATOR:
        return trainer.home_district_id == scope.district_id
    if scope.role == Role.TRAINER:
        return trainer.user_id is not None and trainer.user_id == scope.user_id
    return False

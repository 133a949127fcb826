"""Who sees plan-vs-actual. Rows are limited by the scoping gate and, for agency liaisons, by
their agency (the gate treats liaisons as municipality-wide, so the selectors add it):

- the directorate and platform admins: every district, with the league table;
- district coordinators: their district; agency liaisons: their agency's domains and lines;
- school contacts: their school's sessions and participants;
- trainers, volunteers and citizens: nothing (a trainer's own figures are on their week page)."""

from hamafza.core.scoping import (
    MANAGERS_AND_LIAISONS,
    MUNICIPALITY_READERS,
    SCHOOL_SCOPED,
    Role,
    Scope,
)
from hamafza.trainers.permissions import can_view_performance


def can_view_monitoring(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MANAGERS_AND_LIAISONS | SCHOOL_SCOPED


def sees_league(scope: Scope) -> bool:
    return scope.role in MUNICIPALITY_READERS


def sees_school_only(scope: Scope) -> bool:
    return scope.role == Role.SCHOOL_CONTACT


def can_view_trainer(scope: Scope, trainer) -> bool:
    """A trainer's delivery: the rule of the trainer's record (``trainers.permissions``)."""
    return can_view_performance(scope, trainer)

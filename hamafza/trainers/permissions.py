"""Who may do what with trainers. The pool is visible municipality-wide to planners; edits are
narrower: a district coordinator edits trainers homed in their district, a trainer only their own
profile (and never their level or status)."""

from hamafza.core.scoping import (
    DISTRICT_MANAGERS,
    MANAGERS_AND_LIAISONS,
    MUNICIPALITY_WIDE,
    Role,
    Scope,
)


def can_view_pool(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MANAGERS_AND_LIAISONS


def can_add_trainer(scope: Scope) -> bool:
    return scope.role in DISTRICT_MANAGERS


def can_edit_trainer(scope: Scope, trainer) -> bool:
    if scope.is_anonymous or trainer.municipality_id != scope.municipality_id:
        return False
    if scope.role in MUNICIPALITY_WIDE:
        return True
    if scope.role == Role.DISTRICT_COORDINATOR:
        return trainer.home_district_id == scope.district_id
    return False


def is_own_profile(scope: Scope, trainer) -> bool:
    return scope.user_id is not None and trainer.user_id == scope.user_id


def can_view_trainer(scope: Scope, trainer) -> bool:
    if trainer.municipality_id != scope.municipality_id:
        return False
    return can_view_pool(scope) or is_own_profile(scope, trainer)


def can_view_personal_data(scope: Scope, trainer) -> bool:
    """National code and mobile: the directorate, the trainer's coordinator, the trainer."""
    return can_edit_trainer(scope, trainer) or is_own_profile(scope, trainer)


def can_manage_standards(scope: Scope) -> bool:
    """Define ladders, grant levels, verify certificates, run courses."""
    return scope.role in MUNICIPALITY_WIDE


def can_view_courses(scope: Scope) -> bool:
    return can_view_pool(scope)


def can_upload_certificate(scope: Scope, trainer) -> bool:
    return can_edit_trainer(scope, trainer) or is_own_profile(scope, trainer)


def can_view_performance(scope: Scope, trainer) -> bool:
    """A trainer's delivery figures and scorecard: the directorate, the coordinator of the
    district the trainer is homed in, the trainer themself (signed in as the trainer)."""
    if can_edit_trainer(scope, trainer):
        return True
    return (
        scope.role == Role.TRAINER
        and trainer.municipality_id == scope.municipality_id
        and is_own_profile(scope, trainer)
    )

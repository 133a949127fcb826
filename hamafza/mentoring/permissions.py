"""Who may do what in mentoring.

Trainers see their own pairs (as mentor or trainee), accept or decline a proposal made to them
and write the log of an active pair. The coordinator of the trainee's home district and the
directorate propose, approve and end pairs, and read them. Liaisons, schools, volunteers and
citizens have no part in it. The rows a person reads are the gate's (``Pair.Scoping``); these
rules decide the verbs on a row already read through it.
"""

from hamafza.core.scoping import MANAGERS_AND_TRAINERS, MUNICIPALITY_WIDE, Role, Scope


def can_use(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MANAGERS_AND_TRAINERS


def is_trainer(scope: Scope) -> bool:
    return can_use(scope) and scope.role == Role.TRAINER


def can_manage(scope: Scope) -> bool:
    """Opens the coordinator's page (their district's trainees; the directorate's: all)."""
    return can_use(scope) and scope.role != Role.TRAINER


def manages_trainee(scope: Scope, trainee) -> bool:
    """Proposes for, approves and ends the pairs of ``trainee``: the directorate, or the
    coordinator of the trainee's home district."""
    if not can_manage(scope) or trainee.municipality_id != scope.municipality_id:
        return False
    if scope.role in MUNICIPALITY_WIDE:
        return True
    return scope.role == Role.DISTRICT_COORDINATOR and trainee.home_district_id == scope.district_id


def side(scope: Scope, pair) -> str | None:
    """ "mentor" or "trainee" when the asking trainer is one of the pair, else None."""
    if not is_trainer(scope) or pair.municipality_id != scope.municipality_id:
        return None
    if pair.mentor.user_id == scope.user_id:
        return "mentor"
    if pair.trainee.user_id == scope.user_id:
        return "trainee"
    return None


def can_answer(scope: Scope, pair) -> bool:
    """Accept or decline: one of the two, while it is proposed."""
    return side(scope, pair) is not None and pair.status == pair.Status.PROPOSED


def can_approve(scope: Scope, pair) -> bool:
    return manages_trainee(scope, pair.trainee) and pair.status == pair.Status.PROPOSED


def can_end(scope: Scope, pair) -> bool:
    return manages_trainee(scope, pair.trainee) and pair.is_open


def can_log(scope: Scope, pair) -> bool:
    return side(scope, pair) is not None and pair.status == pair.Status.ACTIVE


def can_manage_requirements(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MUNICIPALITY_WIDE

"""Who may build surveys and read their results. Answers are limited by the scoping gate (a
district's coordinator sees their district's answers); these rules decide the verbs.

- the directorate (and platform admins) build surveys for any session, program or camp;
- a district's coordinator builds surveys for their district's sessions and camps, and reads the
  answers given in their district (also to the directorate's surveys);
- a trainer reads the answers given at their own sessions and shows the QR code there;
- citizens and everybody else only answer, through the signed link (no account)."""

from hamafza.core.scoping import DISTRICT_MANAGERS, MANAGERS_AND_TRAINERS, Role, Scope


def can_build_surveys(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in DISTRICT_MANAGERS


def can_read_surveys(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MANAGERS_AND_TRAINERS


def can_change_survey(scope: Scope, survey) -> bool:
    """The directorate changes any survey of its municipality; a coordinator only their
    district's."""
    if not can_build_surveys(scope) or survey.municipality_id != scope.municipality_id:
        return False
    if scope.role == Role.DISTRICT_COORDINATOR:
        return survey.district_id is not None and survey.district_id == scope.district_id
    return True


def sees_own_sessions_only(scope: Scope) -> bool:
    return scope.role == Role.TRAINER

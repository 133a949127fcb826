"""Who may make knowledge tests, enter sheets and read results. Rows are limited by the scoping
gate (district); trainers are narrowed to the tests of their own sessions.

- the directorate and a district's coordinator make tests for sessions in their scope;
- a session's trainer makes a test for it, enters paper sheets and reads its results;
- participants take the test on a phone through the signed link (no account)."""

from hamafza.core.scoping import MANAGERS_AND_TRAINERS, Role, Scope


def can_use_tests(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MANAGERS_AND_TRAINERS


def sees_own_sessions_only(scope: Scope) -> bool:
    return scope.role == Role.TRAINER

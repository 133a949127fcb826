"""Who may export raw rows: the directorate (the whole municipality), a district coordinator
(their district) and an agency liaison (the sessions of the domains their agency owns)."""

from hamafza.core.scoping import MANAGERS_AND_LIAISONS, Scope


def can_export(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MANAGERS_AND_LIAISONS

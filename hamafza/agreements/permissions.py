"""Who may read and change agreements. The directorate manages them; district coordinators read
them; an agency liaison reads only the agreements their agency is party to and records evidence
only for their own party's commitments."""

from hamafza.core.scoping import MANAGERS_AND_LIAISONS, MUNICIPALITY_WIDE, Role, Scope


def can_read_agreements(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MANAGERS_AND_LIAISONS


def can_manage_agreements(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in MUNICIPALITY_WIDE


def sees_only_own_agency(scope: Scope) -> bool:
    return scope.role == Role.AGENCY_LIAISON


def can_record_evidence(scope: Scope, commitment) -> bool:
    if can_manage_agreements(scope):
        return True
    return (
        sees_only_own_agency(scope)
        and scope.agency_id is not None
        and commitment.party.agency_id == scope.agency_id
    )

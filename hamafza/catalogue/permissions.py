"""Who may do what with the program catalogue. Rows are limited by the scoping gate (every staff
role of the municipality reads the catalogue); these rules decide the verbs.

The directorate (and platform admins) manage every program; an agency liaison manages the
programs of the domains their agency owns.
"""

from hamafza.catalogue.models import Domain
from hamafza.core.scoping import MUNICIPALITY_WIDE, STAFF, Role, Scope, scoped


def can_view_catalogue(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in STAFF


def owns_domain(scope: Scope, domain) -> bool:
    return (
        scope.role == Role.AGENCY_LIAISON
        and scope.agency_id is not None
        and domain is not None
        and domain.owner_agency_id == scope.agency_id
    )


def can_manage_domain(scope: Scope, domain) -> bool:
    """May create and change programs of ``domain``."""
    if scope.is_anonymous:
        return False
    return scope.role in MUNICIPALITY_WIDE or owns_domain(scope, domain)


def can_manage_program(scope: Scope, program) -> bool:
    """May edit the program, its versions, lessons, materials and questions, and see answers."""
    if program is None or program.municipality_id != scope.municipality_id:
        return False
    return can_manage_domain(scope, program.domain)


def can_add_programs(scope: Scope) -> bool:
    """May open the new-program page and import programs (some domain is theirs)."""
    if scope.is_anonymous:
        return False
    if scope.role in MUNICIPALITY_WIDE:
        return True
    if scope.role == Role.AGENCY_LIAISON and scope.agency_id:
        return scoped(Domain.objects.filter(owner_agency_id=scope.agency_id), scope).exists()
    return False


def can_see_answers(scope: Scope, program) -> bool:
    """The answer key is for those who manage the program, never for trainers' printouts."""
    return can_manage_program(scope, program)

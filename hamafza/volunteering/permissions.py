"""Who may do what in volunteering.

The directorate reads and manages every district; a district's coordinator publishes the
opportunities of their district and adds and signs up its adult volunteers; a school's contact
adds its own students (minors) and reads them; a volunteer browses the published opportunities
and signs up for themselves. Agency liaisons, trainers and citizens have no part in it. The rows
each reads are the gate's (the models' ``Scoping``); these rules decide the verbs.
"""

from hamafza.core.scoping import DISTRICT_MANAGERS, MUNICIPALITY_WIDE, SCHOOL_SCOPED, Role, Scope
from hamafza.org.permissions import can_see_contacts


def _signed_in(scope: Scope) -> bool:
    return not scope.is_anonymous


def can_manage(scope: Scope) -> bool:
    """Publishes opportunities and reads their sign-ups (a coordinator: their district's)."""
    return _signed_in(scope) and scope.role in DISTRICT_MANAGERS


def is_volunteer(scope: Scope) -> bool:
    return _signed_in(scope) and scope.role == Role.VOLUNTEER


def can_browse(scope: Scope) -> bool:
    return is_volunteer(scope) or can_manage(scope)


def can_list_volunteers(scope: Scope) -> bool:
    return _signed_in(scope) and scope.role in DISTRICT_MANAGERS | SCHOOL_SCOPED


def adds_students(scope: Scope) -> bool:
    return _signed_in(scope) and scope.role in SCHOOL_SCOPED


def manages_district(scope: Scope, district_id: int | None) -> bool:
    if not can_manage(scope) or district_id is None:
        return False
    return scope.role in MUNICIPALITY_WIDE or scope.district_id == district_id


def manages(scope: Scope, opportunity) -> bool:
    return opportunity.municipality_id == scope.municipality_id and manages_district(
        scope, opportunity.district_id
    )


def signs_up_others(scope: Scope, volunteer) -> bool:
    """A coordinator signs up a volunteer of their own district; the directorate anyone."""
    return volunteer.municipality_id == scope.municipality_id and manages_district(
        scope, volunteer.home_district_id
    )


def sees_guardian(scope: Scope) -> bool:
    """A minor's guardian's mobile: the rule of a school's contacts (org's), the same readers —
    the school, the district's coordinator and the directorate."""
    return can_see_contacts(scope, "school")

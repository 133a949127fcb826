"""Who may do what in the trainers' library. The gate lets every staff role of the municipality
read its resources; ``selectors.visible`` narrows them to what a person may see; these rules
decide the verbs.

A trainer contributes and edits their own draft (or returned) resources and submits them. A
curator (the directorate, the platform admins, or a liaison of the agency that owns the
resource's domain) publishes, returns and features. Every staff role reads, rates, comments and
downloads published resources; a trainer links one to a session they delivered.
"""

from hamafza.catalogue.models import Program
from hamafza.catalogue.permissions import owns_domain
from hamafza.core.scoping import MUNICIPALITY_WIDE, STAFF, Role, Scope


def can_view_library(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in STAFF


def can_contribute(scope: Scope) -> bool:
    """May open the new-resource page (the resource's author is their trainer record)."""
    return can_view_library(scope) and scope.role == Role.TRAINER


def is_author(scope: Scope, resource) -> bool:
    return (
        scope.role == Role.TRAINER
        and scope.user_id is not None
        and resource.author.user_id == scope.user_id
    )


def can_edit(scope: Scope, resource) -> bool:
    """The author changes (and submits) their resource while it is a draft or was returned."""
    return is_author(scope, resource) and resource.is_editable


def can_add_version(scope: Scope, resource) -> bool:
    """The author uploads a new file: to a draft, or as a new version of a published resource."""
    return is_author(scope, resource) and resource.status != resource.Status.SUBMITTED


def can_curate_domain(scope: Scope, domain) -> bool:
    if scope.is_anonymous:
        return False
    return scope.role in MUNICIPALITY_WIDE or owns_domain(scope, domain)


def can_curate(scope: Scope, resource) -> bool:
    """May publish, return and feature ``resource``."""
    if resource.municipality_id != scope.municipality_id:
        return False
    return can_curate_domain(scope, resource.domain)


def is_curator(scope: Scope) -> bool:
    """Curates some domain (sees the review queue)."""
    if scope.is_anonymous:
        return False
    return scope.role in MUNICIPALITY_WIDE or (
        scope.role == Role.AGENCY_LIAISON and scope.agency_id is not None
    )


def can_use_in_session(scope: Scope, resource) -> bool:
    return scope.role == Role.TRAINER and resource.status == resource.Status.PUBLISHED


def can_offer(scope: Scope, resource) -> bool:
    """Offers a resource to every municipality, or withdraws it: its author or a curator."""
    return is_author(scope, resource) or can_curate(scope, resource)


def is_session_trainer(scope: Scope, session) -> bool:
    return (
        scope.role == Role.TRAINER
        and scope.user_id is not None
        and session.trainers.filter(user_id=scope.user_id).exists()
    )


def can_report(scope: Scope, session) -> bool:
    """Writes an experience report: a trainer of the session, once it was delivered."""
    return (
        can_view_library(scope)
        and session.status in session.DELIVERED_STATUSES
        and is_session_trainer(scope, session)
    )


def is_report_author(scope: Scope, report) -> bool:
    """Changes and deletes the report: the trainer who wrote it."""
    return (
        scope.role == Role.TRAINER
        and scope.user_id is not None
        and report.trainer.user_id == scope.user_id
    )


STUDENT_AUDIENCES = frozenset(
    {
        Program.Audience.PRIMARY_LOWER,
        Program.Audience.PRIMARY_UPPER,
        Program.Audience.LOWER_SECONDARY,
        Program.Audience.UPPER_SECONDARY,
    }
)


def involves_minors(session) -> bool:
    """Children were there: a session at a school, for a students' program, or part of a camp.
    Its photos need the trainer's word that no child can be identified."""
    if session.school_id or session.version.program.audience in STUDENT_AUDIENCES:
        return True
    camp_links = getattr(session, "camp_links", None)  # camps sit above the library (no import)
    return camp_links is not None and camp_links.exists()

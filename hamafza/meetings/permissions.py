"""Who may read and run meetings. The directorate runs every meeting of the municipality; a
district coordinator runs their district's; anyone invited reads the meeting; an action item is
updated by its owner (or whoever runs the meeting)."""

from hamafza.core.scoping import DISTRICT_MANAGERS, MUNICIPALITY_WIDE, Role, Scope


def can_use_meetings(scope: Scope) -> bool:
    return not scope.is_anonymous


def can_create_meetings(scope: Scope) -> bool:
    return not scope.is_anonymous and scope.role in DISTRICT_MANAGERS


def can_manage_meeting(scope: Scope, meeting) -> bool:
    """Run a meeting (or a series): change it, invite, hold it, record minutes and actions."""
    if scope.is_anonymous or meeting.municipality_id != scope.municipality_id:
        return False
    if scope.role in MUNICIPALITY_WIDE:
        return True
    return (
        scope.role == Role.DISTRICT_COORDINATOR
        and meeting.district_id is not None
        and meeting.district_id == scope.district_id
    )


def can_update_action(scope: Scope, item) -> bool:
    if scope.is_anonymous:
        return False
    return item.owner_id == scope.user_id or can_manage_meeting(scope, item.meeting)

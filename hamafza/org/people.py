"""People and their roles: the directorate adds a person with a role scoped to a unit, or ends a
role. Reads and writes both go through the scoping gate."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.core.persian import search_terms
from hamafza.core.scoping import Role, Scope, scoped
from hamafza.org.models import Agency, District, Membership, School
from hamafza.org.permissions import can_manage_people

UNIT_FOR_ROLE = {
    Role.DISTRICT_COORDINATOR: "district",
    Role.AGENCY_LIAISON: "agency",
    Role.SCHOOL_CONTACT: "school",
}
# the units a membership of the role records (a trainer's district and agency are optional)
UNITS_KEPT = {
    Role.DISTRICT_COORDINATOR: {"district"},
    Role.AGENCY_LIAISON: {"agency"},
    Role.SCHOOL_CONTACT: {"school"},
    Role.TRAINER: {"district", "agency"},
}
ASSIGNABLE_ROLES = [r for r in Role if r != Role.PLATFORM_ADMIN]


def membership_list(*, scope: Scope, query: str | None = None, role: str | None = None) -> QuerySet:
    if not can_manage_people(scope):
        return Membership.objects.none()
    qs = scoped(
        Membership.objects.select_related("user", "district", "agency", "school"), scope
    ).order_by("user__last_name", "user__first_name")
    if role:
        qs = qs.filter(role=role)
    for term in search_terms(query):
        qs = qs.filter(user__search_text__contains=term)
    return qs


def _unit_in_scope(scope: Scope, model, pk) -> object | None:
    return scoped(model.objects.all(), scope).filter(pk=pk).first() if pk else None


@transaction.atomic
def person_add(
    *,
    scope: Scope,
    actor,
    username: str,
    first_name: str,
    last_name: str,
    mobile: str | None,
    email: str,
    role: str,
    district_id: int | None = None,
    agency_id: int | None = None,
    school_id: int | None = None,
) -> Membership:
    """Create the account (no password: the person sets one through password reset) and its
    role. An existing account with the same username or mobile gets the new role instead."""
    if not can_manage_people(scope):
        raise PermissionDenied(_("You do not have permission to manage people."))
    if role not in ASSIGNABLE_ROLES:
        raise ValidationError({"role": _("Choose a role.")})
    units = {
        "district": _unit_in_scope(scope, District, district_id),
        "agency": _unit_in_scope(scope, Agency, agency_id),
        "school": _unit_in_scope(scope, School, school_id),
    }
    needed = UNIT_FOR_ROLE.get(role)
    if needed and units[needed] is None:
        raise ValidationError({needed: _("Choose the unit this role is limited to.")})
    User = get_user_model()
    user = None
    if mobile:
        user = User.objects.filter(mobile=mobile).first()
    if user is None:
        user = User.objects.filter(username__iexact=username).first()
    if user is not None and not (
        user.memberships.filter(municipality_id=scope.municipality_id).exists()
        and not user.memberships.exclude(municipality_id=scope.municipality_id).exists()
    ):
        # Never attach a role to an account that belongs elsewhere (or to nobody yet).
        raise ValidationError(
            _(
                "This username or mobile number belongs to an account you cannot manage. Choose another one."
            )
        )
    if user is None:
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.mobile = mobile or None
        user.set_unusable_password()
        user.full_clean()
        user.save()
    membership = Membership(
        user=user,
        municipality_id=scope.municipality_id,
        role=role,
        district=units["district"] if "district" in UNITS_KEPT.get(role, ()) else None,
        agency=units["agency"] if "agency" in UNITS_KEPT.get(role, ()) else None,
        school=units["school"] if "school" in UNITS_KEPT.get(role, ()) else None,
    )
    if Membership.objects.filter(
        user=user,
        municipality_id=scope.municipality_id,
        role=role,
        district=membership.district,
        agency=membership.agency,
        school=membership.school,
        is_active=True,
    ).exists():
        raise ValidationError(_("This person already has this role."))
    membership.full_clean()
    membership._history_user = actor
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, scope: Scope, actor, membership_id: int) -> Membership:
    if not can_manage_people(scope):
        raise PermissionDenied(_("You do not have permission to manage people."))
    membership = (
        scoped(Membership.objects.select_for_update(), scope).filter(pk=membership_id).first()
    )
    if membership is None:
        raise PermissionDenied(_("This record is outside your area."))
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot end your own role."))
    membership.is_active = False
    membership._history_user = actor
    membership.save()
    _revoke_tokens(membership.user)  # the role is what the tokens acted in
    return membership


def _revoke_tokens(user) -> int:
    return user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def member_tokens_revoke(*, scope: Scope, actor, membership_id: int) -> int:
    """End every API token of a person whose role the actor manages (a lost laptop, a leak)."""
    if not can_manage_people(scope):
        raise PermissionDenied(_("You do not have permission to manage people."))
    membership = scoped(Membership.objects.all(), scope).filter(pk=membership_id).first()
    if membership is None:
        raise PermissionDenied(_("This record is outside your area."))
    return _revoke_tokens(membership.user)

"""Attach ``request.scope`` (the user's municipality, role and unit) to every request."""

from django.utils.functional import SimpleLazyObject

from hamafza.core.scoping import NO_SCOPE, Role, Scope
from hamafza.org.models import Membership, Municipality

ACTIVE_MUNICIPALITY_KEY = "active_municipality"
ACTIVE_MEMBERSHIP_KEY = "active_membership"


def scope_for_user(user, session=None) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    session = session if session is not None else {}
    if user.is_superuser:
        municipality_id = session.get(ACTIVE_MUNICIPALITY_KEY)
        if not municipality_id or not Municipality.objects.filter(pk=municipality_id).exists():
            municipality_id = (
                Municipality.objects.order_by("pk").values_list("pk", flat=True).first()
            )
        return Scope(user_id=user.pk, role=Role.PLATFORM_ADMIN, municipality_id=municipality_id)
    memberships = Membership.objects.filter(user=user, is_active=True).order_by("pk")
    chosen = session.get(ACTIVE_MEMBERSHIP_KEY)
    membership = (memberships.filter(pk=chosen).first() if chosen else None) or memberships.first()
    if membership is None:
        return NO_SCOPE
    district_id = membership.district_id
    if membership.role == Role.SCHOOL_CONTACT and membership.school_id:
        district_id = membership.school.district_id
    return Scope(
        user_id=user.pk,
        role=membership.role,
        municipality_id=membership.municipality_id,
        district_id=district_id,
        agency_id=membership.agency_id,
        school_id=membership.school_id,
        membership_id=membership.pk,
    )


class ScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(
            lambda: scope_for_user(getattr(request, "user", None), request.session)
        )
        return self.get_response(request)

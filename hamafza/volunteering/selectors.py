"""Reads of volunteering, every one through the scoping gate."""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from hamafza.camps.models import Camp
from hamafza.catalogue.models import Domain
from hamafza.core.scoping import Scope, scoped
from hamafza.org.models import District
from hamafza.volunteering import permissions
from hamafza.volunteering.models import Opportunity, Shift, Signup, Volunteer


def volunteers(scope: Scope):
    return scoped(Volunteer.objects.all(), scope).select_related("school", "home_district")


def volunteer_get(scope: Scope, pk) -> Volunteer | None:
    return volunteers(scope).filter(pk=pk).first() if isinstance(pk, int) else None


def me(scope: Scope) -> Volunteer | None:
    """The volunteer record of the signed-in volunteer, if their account is linked to one."""
    if not permissions.is_volunteer(scope):
        return None
    return volunteers(scope).filter(user_id=scope.user_id).first()


def opportunities(scope: Scope, *, district_id=None, domain_id=None, on: dt.date | None = None):
    """Published opportunities for a volunteer; a manager's of their scope in every state."""
    if not permissions.can_browse(scope):
        return Opportunity.objects.none()
    rows = scoped(Opportunity.objects.all(), scope).select_related("district", "domain")
    if not permissions.can_manage(scope):
        rows = rows.filter(status=Opportunity.Status.PUBLISHED)
    if district_id:
        rows = rows.filter(district_id=district_id)
    if domain_id:
        rows = rows.filter(domain_id=domain_id)
    if on:
        rows = rows.filter(
            pk__in=scoped(Shift.objects.filter(date=on), scope).values("opportunity")
        )
    return rows.annotate(shift_count=Count("shifts"))


def opportunity_get(scope: Scope, pk) -> Opportunity | None:
    return opportunities(scope).filter(pk=pk).first() if isinstance(pk, int) else None


def shifts_of(scope: Scope, opportunity: Opportunity):
    return scoped(Shift.objects.filter(opportunity=opportunity), scope).annotate(
        taken=Count("signups", filter=Q(signups__status__in=Signup.HOLDING)),
        waiting=Count("signups", filter=Q(signups__status=Signup.Status.WAITLISTED)),
    )


def shift_get(scope: Scope, pk) -> Shift | None:
    if not isinstance(pk, int) or not permissions.can_browse(scope):
        return None
    shift = scoped(Shift.objects.select_related("opportunity"), scope).filter(pk=pk).first()
    if shift is None or opportunity_get(scope, shift.opportunity_id) is None:
        return None
    return shift


def signups(scope: Scope):
    return scoped(Signup.objects.all(), scope).select_related(
        "shift__opportunity__district", "volunteer"
    )


def signup_get(scope: Scope, pk) -> Signup | None:
    return signups(scope).filter(pk=pk).first() if isinstance(pk, int) else None


def signups_of_shifts(scope: Scope, opportunity: Opportunity):
    """For the opportunity's managers: its shifts' sign-ups, in order (the waitlist's too)."""
    return (
        signups(scope)
        .filter(shift__opportunity=opportunity)
        .exclude(status=Signup.Status.WITHDRAWN)
    )


def my_signups(scope: Scope, volunteer: Volunteer | None):
    if volunteer is None:
        return Signup.objects.none()
    return signups(scope).filter(volunteer=volunteer).order_by("-shift__date", "shift__starts")


def waitlist_place(signup: Signup) -> int | None:
    """1 for the first waiting of the shift."""
    if signup.status != Signup.Status.WAITLISTED:
        return None
    before = Signup.objects.filter(
        shift_id=signup.shift_id, status=Signup.Status.WAITLISTED
    ).filter(
        Q(created_at__lt=signup.created_at) | Q(created_at=signup.created_at, pk__lt=signup.pk)
    )
    return before.count() + 1


def home_panel(scope: Scope, user) -> dict | None:
    """The volunteer's panel of the home page (registered in core.views.HOME_PANELS): the next
    shift, the sign-ups ahead with waitlist places, and the way to the opportunities."""
    if not permissions.is_volunteer(scope):
        return None
    volunteer = me(scope)
    ahead = []
    if volunteer is not None:
        today = timezone.localdate()
        ahead = list(
            signups(scope)
            .filter(volunteer=volunteer, status__in=Signup.ACTIVE, shift__date__gte=today)
            .order_by("shift__date", "shift__starts")[:10]
        )
        for row in ahead:
            row.place_in_line = waitlist_place(row)
    following = next((s for s in ahead if s.status != Signup.Status.WAITLISTED), None)
    return {
        "template": "volunteering/partials/home_panel.html",
        "volunteer": volunteer,
        "next": following,
        "ahead": ahead,
        "browse": reverse("volunteering:browse"),
        "mine": reverse("volunteering:mine"),
    }


def opportunity_detail(scope: Scope, opportunity: Opportunity) -> dict:
    shifts = list(shifts_of(scope, opportunity))
    mine = {}
    volunteer = me(scope)
    if volunteer is not None:
        for row in signups(scope).filter(volunteer=volunteer, shift__opportunity=opportunity):
            if row.is_active:
                row.place_in_line = waitlist_place(row)
                mine[row.shift_id] = row
    for shift in shifts:
        shift.my_signup = mine.get(shift.pk)
    rows = []
    district_volunteers = []
    if permissions.manages(scope, opportunity):
        rows = list(signups_of_shifts(scope, opportunity))
        district_volunteers = list(
            volunteers(scope).filter(home_district_id=opportunity.district_id)[:500]
        )
    return {
        "shifts": shifts,
        "me": volunteer,
        "manager_rows": rows,
        "district_volunteers": district_volunteers,
    }


def districts_for(scope: Scope):
    """The districts a manager chooses from (the directorate's; a coordinator has their own)."""
    if not scope.is_municipality_wide:
        return District.objects.none()
    return scoped(District.objects.all(), scope)


def domains(scope: Scope):
    return scoped(Domain.objects.all(), scope).order_by("name")


def scoped_districts(scope: Scope) -> list[tuple[int, str]]:
    """The districts with an opportunity the asker may browse (a volunteer reads no district
    rows of their own: the choices come from the opportunities)."""
    rows = opportunities(scope).order_by().values_list("district_id", "district__name").distinct()
    return sorted(set(rows), key=lambda row: row[1])


def camps_for(scope: Scope):
    """The camps an opportunity may be linked to: those of the manager's scope not yet over."""
    return (
        scoped(Camp.objects.filter(end_date__gte=timezone.localdate()), scope)
        .select_related("district")
        .order_by("start_date")
    )

"""Pages of volunteering: the opportunities a volunteer browses on a phone and signs up for,
their own sign-ups, an opportunity's page (shifts, and for its managers the sign-ups and the
waitlist), a new opportunity, and the volunteers a school or a district keeps.

Every page first checks the role (403), then finds the row through the gate (404), then checks
the verb for writes; the services check all of it again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hamafza.core import jalali
from hamafza.core.forms import attach_errors, small_int
from hamafza.volunteering import forms, permissions, selectors, services


def _require(check) -> None:
    if not check:
        raise PermissionDenied


def _message(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _day(text):
    if not text:
        return None
    try:
        return jalali.parse_date(text)
    except (ValueError, ValidationError):
        return None


@login_required
@require_GET
def browse(request):
    scope = request.scope
    _require(permissions.can_browse(scope))
    district_id = small_int(request.GET.get("district"))
    domain_id = small_int(request.GET.get("domain"))
    on = _day(request.GET.get("date"))
    rows = selectors.opportunities(scope, district_id=district_id, domain_id=domain_id, on=on)
    return render(
        request,
        "volunteering/browse.html",
        {
            "rows": rows.order_by("-published_at", "-created_at")[:200],
            "districts": selectors.scoped_districts(scope),
            "domains": selectors.domains(scope),
            "district_id": district_id,
            "domain_id": domain_id,
            "date_text": request.GET.get("date", ""),
            "can_manage": permissions.can_manage(scope),
            "me": selectors.me(scope),
        },
    )


@login_required
@require_GET
def mine(request):
    scope = request.scope
    _require(permissions.is_volunteer(scope))
    volunteer = selectors.me(scope)
    rows = list(selectors.my_signups(scope, volunteer))
    for row in rows:
        row.place_in_line = selectors.waitlist_place(row)
    return render(request, "volunteering/mine.html", {"me": volunteer, "rows": rows})


def _opportunity(request, pk):
    _require(permissions.can_browse(request.scope))
    opportunity = selectors.opportunity_get(request.scope, pk)
    if opportunity is None:
        raise Http404
    return opportunity


@login_required
@require_GET
def detail(request, pk):
    scope = request.scope
    opportunity = _opportunity(request, pk)
    manages = permissions.manages(scope, opportunity)
    return render(
        request,
        "volunteering/detail.html",
        {
            "opportunity": opportunity,
            **selectors.opportunity_detail(scope, opportunity),
            "manages": manages,
            "shift_form": forms.ShiftForm() if manages else None,
            "is_volunteer": permissions.is_volunteer(scope),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    scope = request.scope
    _require(permissions.can_manage(scope))
    kwargs = {
        "districts": selectors.districts_for(scope),
        "domains": selectors.domains(scope),
        "camps": selectors.camps_for(scope),
    }
    form = forms.OpportunityForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(
                scope=scope, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved as a draft. Add its shifts, then publish it."))
            return redirect(opportunity.get_absolute_url())
    return render(request, "volunteering/form.html", {"form": form, "title": _("New opportunity")})


@login_required
@require_POST
def shift_add(request, pk):
    scope = request.scope
    opportunity = _opportunity(request, pk)
    _require(permissions.manages(scope, opportunity))
    form = forms.ShiftForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(opportunity.get_absolute_url())
    try:
        services.shift_add(
            scope=scope, actor=request.user, opportunity=opportunity, data=form.cleaned_data
        )
    except ValidationError as error:
        _message(request, error)
    else:
        messages.success(request, _("The shift is added."))
    return redirect(opportunity.get_absolute_url())


def _transition(request, pk, service, done):
    scope = request.scope
    opportunity = _opportunity(request, pk)
    _require(permissions.manages(scope, opportunity))
    try:
        service(scope=scope, actor=request.user, opportunity=opportunity)
    except ValidationError as error:
        _message(request, error)
    else:
        messages.success(request, done)
    return redirect(opportunity.get_absolute_url())


@login_required
@require_POST
def publish(request, pk):
    return _transition(request, pk, services.opportunity_publish, _("Published."))


@login_required
@require_POST
def close(request, pk):
    return _transition(request, pk, services.opportunity_close, _("Closed."))


def _signup_done(request, signup) -> None:
    if signup.status == signup.Status.WAITLISTED:
        messages.info(request, _("The shift is full: you are on the waitlist, and will hear if a place frees up."))  # fmt: skip
    elif signup.status == signup.Status.PENDING_CONSENT:
        messages.info(request, _("The place is held; it is confirmed once the guardian consents."))  # fmt: skip
    else:
        messages.success(request, _("Signed up. The place is yours."))


@login_required
@require_POST
def signup(request, pk):
    scope = request.scope
    shift = selectors.shift_get(scope, pk)
    if shift is None:
        raise Http404
    try:
        row = services.signup_create(
            scope=scope,
            actor=request.user,
            shift=shift,
            volunteer_id=small_int(request.POST.get("volunteer")),
        )
    except ValidationError as error:
        _message(request, error)
    else:
        _signup_done(request, row)
    return redirect(shift.opportunity.get_absolute_url())


@login_required
@require_POST
def withdraw(request, pk):
    scope = request.scope
    _require(permissions.can_browse(scope))
    row = selectors.signup_get(scope, pk)
    if row is None:
        raise Http404
    try:
        services.signup_withdraw(scope=scope, actor=request.user, signup=row)
    except ValidationError as error:
        _message(request, error)
    else:
        messages.success(request, _("Withdrawn."))
    back = request.POST.get("next")
    return redirect(back if back == reverse("volunteering:mine") else row.get_absolute_url())


@login_required
@require_GET
def volunteers(request):
    scope = request.scope
    _require(permissions.can_list_volunteers(scope))
    return render(
        request,
        "volunteering/volunteers.html",
        {
            "rows": selectors.volunteers(scope)[:500],
            "sees_guardian": permissions.sees_guardian(scope),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_add(request):
    scope = request.scope
    _require(permissions.can_list_volunteers(scope))
    student = permissions.adds_students(scope)
    form = forms.VolunteerForm(
        request.POST or None, student=student, districts=selectors.districts_for(scope)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_create(scope=scope, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The volunteer is added."))
            return redirect("volunteering:volunteers")
    title = _("Add a student volunteer") if student else _("Add a volunteer")
    return render(request, "volunteering/form.html", {"form": form, "title": title})

"""Pages of camps. Thin: each view checks the verb, then calls one selector or service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.camps import forms, selectors, services
from hamafza.camps.models import Camp, CampParticipant
from hamafza.camps.permissions import can_manage_camps, can_view_camps
from hamafza.core.concurrency import parse_version
from hamafza.core.forms import attach_errors, small_int
from hamafza.core.scoping import scoped
from hamafza.org.models import District

PAGE_SIZE = 25
WHEN = ("upcoming", "past", "all")


def _camp(request, pk: int, *, manage: bool = False) -> Camp:
    """A camp the user may see (404 otherwise); with ``manage``, one they may also change."""
    if not can_view_camps(request.scope):
        raise PermissionDenied
    camp = selectors.camp_get(scope=request.scope, pk=pk)
    if camp is None:
        raise Http404
    if manage and not can_manage_camps(request.scope):
        raise PermissionDenied
    return camp


def _participant(request, camp: Camp, pk: int) -> CampParticipant:
    participant = selectors.participants(scope=request.scope, camp=camp).filter(pk=pk).first()
    if participant is None:
        raise Http404
    return participant


def _back(camp: Camp, anchor: str = "") -> str:
    return camp.get_absolute_url() + (f"#{anchor}" if anchor else "")


@login_required
def camp_list(request):
    if not can_view_camps(request.scope):
        raise PermissionDenied
    when = request.GET.get("when") if request.GET.get("when") in WHEN else "upcoming"
    rows = selectors.camp_list(
        scope=request.scope,
        when=None if when == "all" else when,
        district_id=small_int(request.GET.get("district")),
        status=request.GET.get("status") or None,
    )
    districts = scoped(District.objects.all(), request.scope)
    return render(
        request,
        "camps/list.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "when": when,
            "districts": districts if districts.count() > 1 else None,
            "statuses": Camp.Status.choices,
            "can_manage": can_manage_camps(request.scope),
        },
    )


@login_required
def camp_detail(request, pk):
    camp = _camp(request, pk)
    people = list(selectors.participants(scope=request.scope, camp=camp))
    can_manage = can_manage_camps(request.scope)
    return render(
        request,
        "camps/detail.html",
        {
            "camp": camp,
            "people": people,
            "counts": selectors.counts(people),
            "staff": selectors.staff(camp=camp),
            "programme": selectors.programme(scope=request.scope, camp=camp),
            "can_manage": can_manage,
            "show_contacts": selectors.can_see_guardian_contacts(request.scope, camp),
            "statuses": CampParticipant.Status,
        },
    )


@login_required
def camp_edit(request, pk=None):
    if pk is None:
        if not can_manage_camps(request.scope):
            raise PermissionDenied
        instance = None
    else:
        instance = _camp(request, pk, manage=True)
    form = forms.CampForm(request.POST or None, instance=instance, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            camp = services.camp_save(
                scope=request.scope,
                actor=request.user,
                data=form.service_data(),
                instance=instance,
                expected_updated_at=parse_version(form.cleaned_data.get("version"))
                if instance
                else None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(camp.get_absolute_url())
    return render(
        request,
        "camps/form.html",
        {"form": form, "camp": instance},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def participant_add(request, pk):
    camp = _camp(request, pk, manage=True)
    form = forms.ParticipantForm(request.POST or None, scope=request.scope, camp=camp)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_add(
                scope=request.scope, actor=request.user, camp=camp, **form.service_kwargs()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": participant})
            if "another" in request.POST:
                return redirect("camps:participant_add", pk=camp.pk)
            return redirect(_back(camp, "participants"))
    return render(
        request,
        "camps/participant_form.html",
        {"form": form, "camp": camp},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def participant_consent(request, pk, participant_pk):
    camp = _camp(request, pk, manage=True)
    participant = _participant(request, camp, participant_pk)
    form = forms.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_record_consent(
                scope=request.scope,
                actor=request.user,
                participant=participant,
                method=form.cleaned_data["method"],
                given_on=form.cleaned_data["given_on"],
                mark_going=form.cleaned_data["mark_going"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("The consent for %(name)s was recorded.") % {"name": participant}
            )
            return redirect(_back(camp, "participants"))
    return render(
        request,
        "camps/consent_form.html",
        {"form": form, "camp": camp, "participant": participant},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def participant_status(request, pk, participant_pk):
    camp = _camp(request, pk, manage=True)
    participant = _participant(request, camp, participant_pk)
    try:
        done = services.participant_set_status(
            scope=request.scope,
            actor=request.user,
            participant=participant,
            status=request.POST.get("status", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.") % {"name": done, "status": done.get_status_display()},
        )
    return redirect(_back(camp, "participants"))


@login_required
def staff_add(request, pk):
    camp = _camp(request, pk, manage=True)
    form = forms.StaffForm(request.POST or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.staff_add(
                scope=request.scope,
                actor=request.user,
                camp=camp,
                role=data["role"],
                trainer_id=data["trainer"].pk if data["trainer"] else None,
                user_id=data["volunteer"].pk if data["volunteer"] else None,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("%(name)s joined the staff.") % {"name": member.person})
            return redirect(_back(camp, "staff"))
    return render(
        request,
        "camps/staff_form.html",
        {"form": form, "camp": camp},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def staff_remove(request, pk, member_pk):
    camp = _camp(request, pk, manage=True)
    member = camp.staff.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    services.staff_remove(scope=request.scope, actor=request.user, member=member)
    messages.success(request, _("%(name)s left the staff.") % {"name": member.person})
    return redirect(_back(camp, "staff"))


@login_required
def programme_add(request, pk):
    camp = _camp(request, pk, manage=True)
    form = forms.ProgrammeForm(request.POST or None, scope=request.scope, camp=camp)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_add(
                scope=request.scope,
                actor=request.user,
                camp=camp,
                session_id=form.cleaned_data["session"].pk,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The session was added to the programme."))
            return redirect(_back(camp, "programme"))
    return render(
        request,
        "camps/programme_form.html",
        {"form": form, "camp": camp, "schedule_url": reverse("sessions:create")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def programme_remove(request, pk, link_pk):
    camp = _camp(request, pk, manage=True)
    link = camp.programme.filter(pk=link_pk).first()
    if link is None:
        raise Http404
    services.programme_remove(scope=request.scope, actor=request.user, link=link)
    messages.success(request, _("The session was taken out of the programme."))
    return redirect(_back(camp, "programme"))

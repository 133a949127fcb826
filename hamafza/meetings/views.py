from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.core.concurrency import parse_version, version_of
from hamafza.core.forms import attach_errors, small_int
from hamafza.meetings import forms, selectors, services
from hamafza.meetings.models import Meeting
from hamafza.meetings.pdf import minutes_pdf as render_pdf
from hamafza.meetings.permissions import (
    can_create_meetings,
    can_manage_meeting,
    can_update_action,
    can_use_meetings,
)


def _meeting(request, pk) -> Meeting:
    if not can_use_meetings(request.scope):
        raise PermissionDenied
    meeting = selectors.meeting_get(scope=request.scope, pk=pk)
    if meeting is None:
        raise Http404
    return meeting


def _managed(request, pk) -> Meeting:
    meeting = _meeting(request, pk)
    if not can_manage_meeting(request.scope, meeting):
        raise PermissionDenied
    return meeting


def _form_page(request, form, *, title, cancel, meeting=None, status=None):
    return render(
        request,
        "meetings/form.html",
        {"form": form, "title": title, "cancel": cancel, "meeting": meeting},
        status=status or (400 if request.method == "POST" else 200),
    )


@login_required
def index(request):
    if not can_use_meetings(request.scope):
        raise PermissionDenied
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    series_id = small_int(request.GET.get("series"))
    return render(
        request,
        "meetings/index.html",
        {
            "meetings": selectors.meeting_rows(scope=request.scope, when=when, series_id=series_id)[
                :200
            ],
            "when": when,
            "series": selectors.series_rows(scope=request.scope),
            "series_id": series_id,
            "my_actions": selectors.my_actions(scope=request.scope)[:50],
            "today": timezone.localdate(),
            "can_create": can_create_meetings(request.scope),
        },
    )


@login_required
def detail(request, pk):
    meeting = _meeting(request, pk)
    manage = can_manage_meeting(request.scope, meeting)
    page = selectors.meeting_page(meeting=meeting)
    for item in page["actions"]:
        item.can_update = can_update_action(request.scope, item)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            **page,
            "can_manage": manage,
            "today": timezone.localdate(),
            "invite_form": forms.InviteForm(scope=request.scope) if manage else None,
            "agenda_form": forms.AgendaForm() if manage else None,
            "decision_form": forms.DecisionForm() if manage else None,
            "action_form": forms.ActionForm(scope=request.scope) if manage else None,
            "started": meeting.starts_at <= timezone.now(),
        },
    )


@login_required
def series_form(request, pk=None):
    series = None
    if pk is not None:
        series = selectors.series_get(scope=request.scope, pk=pk)
        if series is None:
            raise Http404
        if not can_manage_meeting(request.scope, series):
            raise PermissionDenied
    elif not can_create_meetings(request.scope):
        raise PermissionDenied
    initial = (
        {
            "title": series.title,
            "recurrence": series.recurrence,
            "place": series.place,
            "district": series.district_id,
            "version": version_of(series),
        }
        if series
        else {}
    )
    form = forms.SeriesForm(request.POST or None, initial=initial, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        try:
            services.series_save(
                scope=request.scope, actor=request.user, series=series, **form.service_kwargs()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The series was saved."))
            return redirect("meetings:index")
    title = _("Edit series") if series else _("New meeting series")
    return _form_page(request, form, title=title, cancel=reverse("meetings:index"))


@login_required
def meeting_form(request, pk=None):
    meeting = _managed(request, pk) if pk is not None else None
    if meeting is None and not can_create_meetings(request.scope):
        raise PermissionDenied
    initial = {}
    if meeting is not None:
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        initial = {
            "title": meeting.title,
            "date": start.date(),
            "start": start.time(),
            "end": end.time(),
            "place": meeting.place,
            "online_link": meeting.online_link,
            "version": meeting.updated_at.isoformat(),
        }
    else:
        series = selectors.series_get(
            scope=request.scope, pk=small_int(request.GET.get("series")) or 0
        )
        if series is not None:
            initial = {"series": series.pk, "title": series.title, "place": series.place}
    form = forms.MeetingForm(
        request.POST or None, initial=initial, scope=request.scope, editing=meeting is not None
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.meeting_save(
                scope=request.scope,
                actor=request.user,
                meeting=meeting,
                expected_updated_at=(
                    parse_version(form.cleaned_data.get("version")) if meeting else None
                ),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(saved.get_absolute_url())
    title = _("Edit meeting") if meeting else _("New meeting")
    cancel = meeting.get_absolute_url() if meeting else reverse("meetings:index")
    return _form_page(request, form, title=title, cancel=cancel, meeting=meeting)


def _run(request, meeting, action, done):
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(meeting.get_absolute_url())


@login_required
@require_POST
def invite(request, pk):
    meeting = _managed(request, pk)
    form = forms.InviteForm(request.POST, scope=request.scope)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(meeting.get_absolute_url())
    return _run(
        request,
        meeting,
        lambda: services.invite(
            scope=request.scope, actor=request.user, meeting=meeting, **form.service_kwargs()
        ),
        _("Invited."),
    )


@login_required
@require_POST
def uninvite(request, pk, invitee_pk):
    meeting = _managed(request, pk)
    invitee = meeting.invitees.filter(pk=invitee_pk).first()
    if invitee is None:
        raise Http404
    return _run(
        request,
        meeting,
        lambda: services.uninvite(scope=request.scope, actor=request.user, invitee=invitee),
        _("The invitation was withdrawn."),
    )


@login_required
@require_POST
def agenda_add(request, pk):
    meeting = _managed(request, pk)
    form = forms.AgendaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the agenda item."))
        return redirect(meeting.get_absolute_url())
    return _run(
        request,
        meeting,
        lambda: services.agenda_add(
            scope=request.scope, actor=request.user, meeting=meeting, **form.cleaned_data
        ),
        _("Added to the agenda."),
    )


@login_required
def hold(request, pk):
    """Record the meeting as held: who was present and the minutes."""
    meeting = _managed(request, pk)
    invitees = list(meeting.invitees.all())
    errors = []
    if request.method == "POST":
        present = [n for n in map(small_int, request.POST.getlist("present")) if n is not None]
        try:
            services.meeting_hold(
                scope=request.scope,
                actor=request.user,
                meeting=meeting,
                present_ids=present,
                minutes=request.POST.get("minutes", ""),
                expected_updated_at=parse_version(request.POST.get("version")),
            )
        except ValidationError as error:
            errors = error.messages
            chosen = set(present)
            for i in invitees:
                i.present = i.pk in chosen
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "meetings/hold.html",
        {
            "meeting": meeting,
            "invitees": invitees,
            "errors": errors,
            "minutes": request.POST.get("minutes", meeting.minutes),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def cancel(request, pk):
    meeting = _managed(request, pk)
    return _run(
        request,
        meeting,
        lambda: services.meeting_cancel(scope=request.scope, actor=request.user, meeting=meeting),
        _("The meeting was cancelled."),
    )


@login_required
@require_POST
def decision_add(request, pk):
    meeting = _managed(request, pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the decision."))
        return redirect(meeting.get_absolute_url())
    return _run(
        request,
        meeting,
        lambda: services.decision_add(
            scope=request.scope, actor=request.user, meeting=meeting, **form.cleaned_data
        ),
        _("The decision was recorded."),
    )


@login_required
@require_POST
def action_add(request, pk):
    meeting = _managed(request, pk)
    form = forms.ActionForm(request.POST, scope=request.scope)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(meeting.get_absolute_url())
    d = form.cleaned_data
    return _run(
        request,
        meeting,
        lambda: services.action_add(
            scope=request.scope,
            actor=request.user,
            meeting=meeting,
            title=d["title"],
            owner_id=d["owner"].pk,
            due_on=d["due_on"],
        ),
        _("The action was recorded and its owner told."),
    )


def _action_page(request, item, *, form, by_link):
    return render(
        request,
        "meetings/action.html",
        {"item": item, "form": form, "by_link": by_link},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def action_edit(request, pk):
    item = selectors.action_get(scope=request.scope, pk=pk)
    if item is None:
        raise Http404
    if not can_update_action(request.scope, item):
        raise PermissionDenied
    manager = can_manage_meeting(request.scope, item.meeting)
    form = forms.ActionUpdateForm(request.POST or None, item=item, manager=manager)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                item=item, scope=request.scope, actor=request.user, **form.service_data()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The action was updated."))
            return redirect(item.meeting.get_absolute_url() if manager else "meetings:index")
    return _action_page(request, item, form=form, by_link=False)


def action_link(request, token):
    """The owner's link: no password needed, only this action can be updated from it."""
    item = services.action_from_token(token)
    if item is None:
        return render(request, "meetings/action_link_invalid.html", status=404)
    form = forms.ActionUpdateForm(request.POST or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(item=item, by_link=True, **form.service_data())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Thank you, the action was updated."))
            return redirect(request.path)
    return _action_page(request, item, form=form, by_link=True)


@login_required
def minutes_pdf(request, pk):
    meeting = _meeting(request, pk)
    if meeting.status != Meeting.Status.HELD:
        raise Http404
    response = HttpResponse(render_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response

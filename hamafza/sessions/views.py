from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hamafza.core import jalali
from hamafza.core.forms import attach_errors, small_int
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import scoped
from hamafza.org.models import District
from hamafza.sessions import forms, selectors, services
from hamafza.sessions.models import Session
from hamafza.sessions.permissions import can_schedule, can_view_sessions


@login_required
def session_list(request):
    if not can_view_sessions(request.scope):
        raise PermissionDenied
    start = end = None
    try:
        start = jalali.parse_date(request.GET["from"]) if request.GET.get("from") else None
        end = jalali.parse_date(request.GET["to"]) if request.GET.get("to") else None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    rows = selectors.session_list(
        scope=request.scope,
        district_id=small_int(request.GET.get("district")),
        status=request.GET.get("status") or None,
        start=start,
        end=end,
    )
    return render(
        request,
        "sessions/list.html",
        {
            "page": Paginator(rows, 25).get_page(request.GET.get("page")),
            "districts": scoped(District.objects.all(), request.scope),
            "statuses": Session.Status.choices,
            "can_schedule": can_schedule(request.scope),
        },
    )


@login_required
def session_create(request):
    if not can_schedule(request.scope):
        raise PermissionDenied
    form = forms.SessionForm(request.POST or None, scope=request.scope)
    warnings = []
    if request.method == "POST" and form.is_valid():
        try:
            created, skipped = services.session_schedule(
                scope=request.scope, actor=request.user, **form.service_kwargs()
            )
        except services.NeedsConfirmation as needs:
            warnings = needs.warnings
        except ValidationError as error:
            attach_errors(form, error)
        else:
            count = len(created)
            messages.success(
                request,
                ngettext("%(n)s session was scheduled.", "%(n)s sessions were scheduled.", count)
                % {"n": localize_digits(count)},
            )
            if skipped:
                messages.info(
                    request,
                    _("Skipped for holidays: %(days)s")
                    % {"days": "، ".join(jalali.format_date(d) for d in skipped)},
                )
            return redirect(created[0].get_absolute_url() if count == 1 else "sessions:list")
    return render(
        request,
        "sessions/form.html",
        {"form": form, "warnings": warnings},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_detail(request, pk):
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    return render(
        request,
        "sessions/detail.html",
        {"session": session, "can_schedule": can_schedule(request.scope)},
    )


@login_required
@require_POST
def session_cancel(request, pk):
    session = selectors.session_get(scope=request.scope, pk=pk)
    if session is None:
        raise Http404
    try:
        services.session_cancel(
            scope=request.scope,
            actor=request.user,
            session=session,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session was cancelled."))
    return redirect(session.get_absolute_url())

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.core.forms import attach_errors
from hamafza.exports import forms, selectors, services
from hamafza.exports.permissions import can_export


def _allowed(request):
    if not can_export(request.scope):
        raise PermissionDenied


@login_required
def index(request):
    _allowed(request)
    today = timezone.localdate()
    form = forms.ExportForm(
        request.POST or None,
        scope=request.scope,
        initial={"date_from": today - dt.timedelta(days=90), "date_to": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.export_request(
                scope=request.scope, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The export was queued; this page shows its progress."))
            return redirect("exports:index")
    jobs = list(selectors.jobs(scope=request.scope)[:20])
    return render(
        request,
        "exports/index.html",
        {"form": form, "jobs": jobs, "polling": any(not j.finished for j in jobs)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def progress(request):
    """The list of jobs alone, polled by htmx while one is running."""
    _allowed(request)
    jobs = list(selectors.jobs(scope=request.scope)[:20])
    return render(
        request,
        "exports/partials/jobs.html",
        {"jobs": jobs, "polling": any(not j.finished for j in jobs)},
    )


@login_required
def download(request, pk):
    _allowed(request)
    job = selectors.job_get(scope=request.scope, pk=pk)
    if job is None or job.status != job.Status.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.file.name.rsplit("/", 1)[-1],
    )

"""Pages of the import engine: upload, template download, review (with htmx progress)."""

import io

import openpyxl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hamafza.core import sheets
from hamafza.core.scoping import scoped
from hamafza.org import importing
from hamafza.org.forms import SchoolImportForm
from hamafza.org.models import ImportBatch


def _spec(request, kind):
    spec = importing.get_spec(kind)
    if not spec.permission(request.scope):
        raise PermissionDenied
    return spec


@login_required
def upload(request, kind):
    spec = _spec(request, kind)
    form = SchoolImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            batch = importing.import_start(
                scope=request.scope,
                actor=request.user,
                kind=kind,
                upload=file,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("org:import_review", pk=batch.pk)
    return render(
        request,
        "org/import.html",
        {"form": form, "spec": spec},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def template(request, kind):
    spec = _spec(request, kind)
    book = openpyxl.Workbook()
    sheet = book.active
    sheets.rtl(sheet)
    sheet.append(sheets.row(spec.template_headers))
    sheet.append(sheets.row(spec.template_example))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.xlsx"'
    return response


@login_required
def review(request, pk):
    batch = (
        scoped(ImportBatch.objects.filter(created_by=request.user), request.scope)
        .filter(pk=pk)
        .first()
    )
    if batch is None:
        raise Http404
    spec = _spec(request, batch.kind)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "apply":
                count = importing.import_apply(scope=request.scope, actor=request.user, batch=batch)
                messages.success(request, _("%(count)s rows were imported.") % {"count": count})
                return redirect(spec.list_url)
            if action == "cancel":
                importing.import_cancel(scope=request.scope, batch=batch)
                messages.info(request, _("The import was cancelled; nothing was written."))
                return redirect(spec.list_url)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            batch.refresh_from_db()
    template_name = (
        "org/partials/import_progress.html" if request.htmx else "org/import_review.html"
    )
    return render(request, template_name, {"batch": batch, "spec": spec})

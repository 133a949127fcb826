import io

import openpyxl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hamafza.core.scoping import scoped
from hamafza.org import import_services
from hamafza.org.forms import SchoolImportForm
from hamafza.org.imports import TEMPLATE_HEADERS_FA
from hamafza.org.models import ImportBatch
from hamafza.org.permissions import can_import_schools


def _require_import(request):
    if not can_import_schools(request.scope):
        raise PermissionDenied


@login_required
def school_import(request):
    _require_import(request)
    form = SchoolImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = import_services.school_import_start(
                scope=request.scope, actor=request.user, file_name=upload.name, data=upload.read()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("org:school_import_review", pk=batch.pk)
    return render(
        request, "org/import.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


@login_required
@require_GET
def school_import_template(request):
    _require_import(request)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "مدارس"
    sheet.sheet_view.rightToLeft = True
    sheet.append(TEMPLATE_HEADERS_FA)
    sheet.append(
        [
            "دبستان نمونه",
            "123456",
            1,
            "",
            "ابتدایی",
            "دخترانه",
            "دولتی",
            1,
            6,
            "",
            "",
            "09121234567",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="schools-template.xlsx"'
    return response


@login_required
def school_import_review(request, pk):
    _require_import(request)
    batch = (
        scoped(ImportBatch.objects.filter(created_by=request.user), request.scope)
        .filter(pk=pk)
        .first()
    )
    if batch is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "apply":
                count = import_services.school_import_apply(
                    scope=request.scope, actor=request.user, batch=batch
                )
                messages.success(request, _("%(count)s schools were imported.") % {"count": count})
                return redirect("org:school_list")
            if action == "cancel":
                import_services.school_import_cancel(scope=request.scope, batch=batch)
                messages.info(request, _("The import was cancelled; nothing was written."))
                return redirect("org:school_list")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            batch.refresh_from_db()
    template = "org/partials/import_progress.html" if request.htmx else "org/import_review.html"
    return render(request, template, {"batch": batch})

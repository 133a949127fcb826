from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamafza.core.concurrency import parse_version
from hamafza.core.forms import attach_errors, small_int
from hamafza.core.persian import clean_typed
from hamafza.core.scoping import scoped
from hamafza.plans import forms, selectors, services
from hamafza.plans.models import PlanLine
from hamafza.plans.permissions import can_approve_plans, can_edit_plans, can_read_plans


def _readable(request):
    if not can_read_plans(request.scope):
        raise PermissionDenied


@login_required
def index(request):
    _readable(request)
    year = selectors.current_year()
    if request.method == "POST":
        wanted = small_int(clean_typed(request.POST.get("year", "")))
        try:
            if wanted is None:
                raise ValidationError(_("Enter a Jalali year, for example 1405."))
            plan = services.plan_create(scope=request.scope, actor=request.user, year=wanted)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The joint plan was started."))
            return redirect(plan.get_absolute_url())
    plans = selectors.plans(scope=request.scope)
    if request.method == "GET" and plans.filter(year=year).exists() and "all" not in request.GET:
        return redirect("plans:detail", year=year)
    return render(
        request,
        "plans/index.html",
        {"plans": plans, "year": year, "can_create": can_approve_plans(request.scope)},
    )


@login_required
def detail(request, year):
    _readable(request)
    plan = selectors.plan_get(scope=request.scope, year=year)
    if plan is None:
        raise Http404
    parts = list(selectors.district_parts(scope=request.scope, plan=plan))
    totals = {
        key: sum(getattr(p, key) for p in parts)
        for key in ("line_count", "sessions_total", "participants_total", "budget_total")
    }
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "parts": parts,
            "totals": totals,
            "terms": plan.terms.all(),
            "status_counts": {
                s: sum(1 for p in parts if p.status == s)
                for s in ("draft", "submitted", "approved", "returned")
            },
        },
    )


@login_required
def district(request, pk):
    _readable(request)
    part = selectors.part_get(scope=request.scope, pk=pk)
    if part is None:
        raise Http404
    rows = list(selectors.lines(scope=request.scope, part=part))
    return render(
        request,
        "plans/district.html",
        {
            "part": part,
            "lines": rows,
            "events": selectors.events(scope=request.scope, part=part),
            "versions": selectors.versions(scope=request.scope, part=part),
            "can_edit": can_edit_plans(request.scope) and part.editable,
            "can_reopen": can_edit_plans(request.scope) and part.status == "approved",
            "can_submit": can_edit_plans(request.scope) and part.editable and bool(rows),
            "can_decide": can_approve_plans(request.scope) and part.status == "submitted",
            "can_comment": can_edit_plans(request.scope),
            "comment_form": forms.CommentForm(),
        },
    )


@login_required
def line_form(request, pk, line_pk=None):
    if not can_edit_plans(request.scope):
        raise PermissionDenied
    part = selectors.part_get(scope=request.scope, pk=pk)
    if part is None:
        raise Http404
    line = None
    if line_pk is not None:
        line = scoped(PlanLine.objects.filter(district_plan=part), request.scope)
        line = line.filter(pk=line_pk).first()
        if line is None:
            raise Http404
    initial = {}
    if line is not None:
        initial = {
            "domain": line.domain_id,
            "agency": line.agency_id,
            "quarter": line.quarter,
            "owner": line.owner_id,
            "version": line.updated_at.isoformat(),
            **{f: getattr(line, f) for f in forms.TARGET_FIELDS},
        }
    form = forms.PlanLineForm(request.POST or None, initial=initial, scope=request.scope, part=part)
    if request.method == "POST" and form.is_valid():
        try:
            services.line_save(
                scope=request.scope,
                actor=request.user,
                district_plan=part,
                line=line,
                expected_updated_at=(
                    parse_version(form.cleaned_data.get("version")) if line else None
                ),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The targets were saved."))
            return redirect(part.get_absolute_url())
    return render(
        request,
        "plans/line_form.html",
        {"form": form, "part": part, "line": line},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def line_delete(request, pk, line_pk):
    part = selectors.part_get(scope=request.scope, pk=pk)
    line = (
        scoped(PlanLine.objects.filter(district_plan=part), request.scope)
        .filter(pk=line_pk)
        .first()
        if part
        else None
    )
    if line is None:
        raise Http404
    try:
        services.line_delete(scope=request.scope, actor=request.user, line=line)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The line was removed."))
    return redirect(part.get_absolute_url())


ACTIONS = {
    "submit": (services.plan_submit, gettext_lazy("The plan was submitted to the directorate.")),
    "approve": (services.plan_approve, gettext_lazy("The plan was approved.")),
    "return": (services.plan_return, gettext_lazy("The plan was returned to the district.")),
    "reopen": (
        services.plan_reopen,
        gettext_lazy("The plan is open for changes as a new revision."),
    ),
    "comment": (services.plan_comment, gettext_lazy("Your comment was added.")),
}


@login_required
@require_POST
def action(request, pk):
    _readable(request)
    part = selectors.part_get(scope=request.scope, pk=pk)
    if part is None:
        raise Http404
    chosen = ACTIONS.get(request.POST.get("action", ""))
    if chosen is None:
        messages.error(request, _("Unknown action."))
        return redirect(part.get_absolute_url())
    service, done = chosen
    form = forms.CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(part.get_absolute_url())
    try:
        service(scope=request.scope, actor=request.user, district_plan=part, comment=comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(part.get_absolute_url())

"""Pages for bulk scheduling: copying a term's schedule (preview, then copy). The session import
uses the import engine's own pages (``org:import_upload`` with kind ``session``)."""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hamafza.core import jalali, links
from hamafza.core.forms import BootstrapFormMixin, JalaliDateField, attach_errors
from hamafza.core.persian import localize_digits, to_latin_digits
from hamafza.sessions import copying
from hamafza.sessions.permissions import can_schedule

SHOWN = 200  # rows of each table of the preview
PLAN_SALT = "hamafza.sessions.copy"
PLAN_MAX_AGE = 2 * 60 * 60


class CopyForm(BootstrapFormMixin, forms.Form):
    source_from = JalaliDateField(label=gettext_lazy("copy sessions from"))
    source_to = JalaliDateField(label=gettext_lazy("to"))
    target_start = JalaliDateField(
        label=gettext_lazy("first day of the new term"),
        help_text=gettext_lazy(
            "Each session moves by the same whole number of weeks, to the same weekday and time."
        ),
    )
    confirm_warnings = forms.BooleanField(
        label=gettext_lazy("Copy despite warnings"),
        required=False,
        help_text=gettext_lazy(
            "Sessions with only warnings (weekly hours, availability) are copied too."
        ),
    )

    def plan_kwargs(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.fields}


@login_required
def copy_schedule(request):
    if not can_schedule(request.scope):
        raise PermissionDenied
    if request.method == "POST":
        return _copy(request)
    form = CopyForm(request.GET or None)
    plan = token = None
    if form.is_bound and form.is_valid():
        try:
            plan = copying.copy_plan(scope=request.scope, **form.plan_kwargs())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            params = form.plan_kwargs()
            token = links.make_token(
                {
                    **{k: v.isoformat() for k, v in params.items() if isinstance(v, dt.date)},
                    "confirm_warnings": params["confirm_warnings"],
                    "ids": [p.source.pk for p in plan.to_copy],
                },
                salt=PLAN_SALT,
                compress=True,
            )
    context = {"form": form, "plan": plan, "token": token, "shown": SHOWN}
    if plan is not None:
        context.update(
            counts=plan.counts(),
            to_copy=plan.to_copy[:SHOWN],
            not_copied=plan.not_copied[:SHOWN],
            not_copied_total=len(plan.not_copied),
            warned_not_copied=not plan.confirm_warnings and plan.counts()["warn"],
        )
    return render(request, "sessions/copy.html", context, status=400 if form.errors else 200)


def _copy(request):
    try:
        params = links.read_token(
            request.POST.get("plan", ""), salt=PLAN_SALT, max_age=PLAN_MAX_AGE
        )
        dates = {
            k: dt.date.fromisoformat(params[k])
            for k in ("source_from", "source_to", "target_start")
        }
        ids = {int(i) for i in params["ids"]}
    except (links.Invalid, KeyError, TypeError, ValueError):
        messages.error(request, _("This preview is out of date; look at it again."))
        return redirect("sessions:copy")
    again = f"{reverse('sessions:copy')}?" + urlencode(
        {
            **{k: _day_param(v) for k, v in dates.items()},
            **({"confirm_warnings": "on"} if params.get("confirm_warnings") else {}),
        }
    )
    try:
        created = copying.copy_apply(
            scope=request.scope,
            actor=request.user,
            session_ids=ids,
            confirm_warnings=bool(params.get("confirm_warnings")),
            **dates,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(again)
    count = len(created)
    messages.success(
        request,
        ngettext("%(n)s session was copied.", "%(n)s sessions were copied.", count)
        % {"n": localize_digits(count)},
    )
    if not created:
        return redirect(again)
    days = sorted(timezone.localtime(s.starts_at).date() for s in created)
    return redirect(
        f"{reverse('sessions:list')}?"
        + urlencode({"from": _day_param(days[0]), "to": _day_param(days[-1])})
    )


def _day_param(day: dt.date) -> str:
    """A Jalali date in Latin digits (1405/09/14) for a link; the date fields read it back."""
    return to_latin_digits(jalali.format_numeric(day, persian=True))

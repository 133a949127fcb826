from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.core import jalali
from hamafza.core.forms import BootstrapFormMixin, JalaliDateField
from hamafza.mentoring.models import LogEntry


class EntryForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=LogEntry.Kind.choices)
    date = JalaliDateField(
        label=_("date"),
        required=False,
        help_text=_("For a co-taught session, the session's date is taken."),
    )
    session = forms.TypedChoiceField(
        label=_("session"), coerce=int, required=False, empty_value=None, choices=()
    )
    notes = forms.CharField(
        label=_("notes"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", _("— a co-taught session —"))] + [
            (s.pk, f"{jalali.format_date(s.starts_at)} · {s}") for s in sessions
        ]


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.catalogue.models import Domain
from hamafza.core.concurrency import version_field
from hamafza.core.forms import BootstrapFormMixin, TypedCharField
from hamafza.core.scoping import Scope, scoped
from hamafza.org.models import Agency
from hamafza.plans import selectors
from hamafza.plans.models import TARGET_FIELDS, DistrictPlan

QUARTERS = [
    (1, _("Q1 (Farvardin–Khordad)")),
    (2, _("Q2 (Tir–Shahrivar)")),
    (3, _("Q3 (Mehr–Azar)")),
    (4, _("Q4 (Dey–Esfand)")),
]


def _count(label, maximum):
    return forms.IntegerField(label=label, min_value=0, max_value=maximum, initial=0)


class PlanLineForm(BootstrapFormMixin, forms.Form):
    domain = forms.ModelChoiceField(label=_("domain"), queryset=None)
    agency = forms.ModelChoiceField(label=_("partner agency"), queryset=None)
    quarter = forms.TypedChoiceField(label=_("quarter"), choices=QUARTERS, coerce=int)
    sessions = _count(_("sessions"), 100_000)
    participants = _count(_("participants"), 10_000_000)
    schools_primary = _count(_("primary schools"), 10_000)
    schools_lower_secondary = _count(_("lower secondary schools"), 10_000)
    schools_upper_secondary = _count(_("upper secondary schools"), 10_000)
    budget = forms.IntegerField(
        label=_("budget (rials)"), min_value=0, max_value=10**15, initial=0, required=False
    )
    owner = forms.ModelChoiceField(
        label=_("owner"),
        queryset=None,
        required=False,
        help_text=_("The person answerable for these targets."),
    )
    version = version_field()

    def __init__(self, *args, scope: Scope, part: DistrictPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = scoped(Domain.objects.all(), scope)
        self.fields["agency"].queryset = scoped(Agency.objects.all(), scope)
        self.fields["owner"].queryset = selectors.owner_candidates(part=part)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "domain_id": d["domain"].pk,
            "agency_id": d["agency"].pk,
            "quarter": d["quarter"],
            "targets": {f: d.get(f) or 0 for f in TARGET_FIELDS},
            "owner_id": d["owner"].pk if d.get("owner") else None,
        }


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = TypedCharField(
        label=_("comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

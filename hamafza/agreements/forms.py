from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.agreements import selectors
from hamafza.agreements.models import Agreement, Commitment, Party
from hamafza.core.concurrency import parse_version, version_field
from hamafza.core.forms import BootstrapFormMixin, JalaliDateField, TypedCharField
from hamafza.core.scoping import Scope


class AgreementForm(BootstrapFormMixin, forms.Form):
    title = TypedCharField(label=_("title"), max_length=300)
    number = TypedCharField(label=_("number"), max_length=60, required=False)
    signed_on = JalaliDateField(label=_("signed on"), required=False)
    starts_on = JalaliDateField(label=_("starts"))
    ends_on = JalaliDateField(label=_("ends"))
    document = forms.FileField(
        label=_("signed document (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    version = version_field()

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            key: d.get(key)
            for key in ("title", "number", "signed_on", "starts_on", "ends_on", "document")
        } | {"number": d.get("number") or "", "document": d.get("document") or None}


class PartyForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Party.Kind.choices)
    agency = forms.ModelChoiceField(label=_("partner agency"), queryset=None, required=False)
    name = TypedCharField(label=_("name of the body"), max_length=200, required=False)
    role = TypedCharField(label=_("role"), max_length=120, required=False)

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = selectors.agencies_for(scope=scope)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "agency_id": d["agency"].pk if d.get("agency") else None,
            "name": d.get("name") or "",
            "role": d.get("role") or "",
        }


class ClauseForm(BootstrapFormMixin, forms.Form):
    number = forms.IntegerField(label=_("number"), min_value=1, max_value=999)
    text = TypedCharField(
        label=_("text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = version_field()

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "number": d["number"],
            "text": d["text"],
            "expected_updated_at": parse_version(d.get("version")),
        }


class CommitmentForm(BootstrapFormMixin, forms.Form):
    clause = forms.ModelChoiceField(label=_("clause"), queryset=None)
    party = forms.ModelChoiceField(label=_("party"), queryset=None)
    description = TypedCharField(
        label=_("what is promised"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_kind = forms.ChoiceField(label=_("target"), choices=Commitment.TargetKind.choices)
    program = forms.ModelChoiceField(label=_("program"), queryset=None, required=False)
    plan_line = forms.ModelChoiceField(label=_("plan line"), queryset=None, required=False)
    meeting_series = forms.ModelChoiceField(
        label=_("meeting series"), queryset=None, required=False
    )
    target_count = forms.IntegerField(
        label=_("target count"),
        min_value=0,
        max_value=100_000,
        initial=0,
        required=False,
        help_text=_("For a recurring commitment, the count due in each period."),
    )
    recurrence = forms.ChoiceField(label=_("recurrence"), choices=Commitment.Recurrence.choices)
    due_on = JalaliDateField(label=_("due"), required=False)
    version = version_field()

    def __init__(self, *args, scope: Scope, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = agreement.clauses.all()
        self.fields["party"].queryset = agreement.parties.select_related(
            "agency", "agreement__municipality"
        )
        self.fields["program"].queryset = selectors.programs_for(scope=scope)
        self.fields["plan_line"].queryset = selectors.plan_lines_for(scope=scope)
        self.fields["meeting_series"].queryset = selectors.meeting_series_for(scope=scope)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "clause_id": d["clause"].pk,
            "party_id": d["party"].pk,
            "description": d["description"],
            "target_kind": d["target_kind"],
            "program_id": d["program"].pk if d.get("program") else None,
            "plan_line_id": d["plan_line"].pk if d.get("plan_line") else None,
            "meeting_series_id": d["meeting_series"].pk if d.get("meeting_series") else None,
            "target_count": d.get("target_count") or 0,
            "recurrence": d["recurrence"],
            "due_on": d.get("due_on"),
        }


class EvidenceForm(BootstrapFormMixin, forms.Form):
    description = TypedCharField(
        label=_("what was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    done_on = JalaliDateField(label=_("date"))
    file = forms.FileField(label=_("file (PDF or image)"), required=False)

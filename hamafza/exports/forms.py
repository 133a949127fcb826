from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.core.forms import BootstrapFormMixin, JalaliDateField
from hamafza.core.scoping import Role, Scope, scoped
from hamafza.exports.models import ExportJob
from hamafza.org.models import District


class ExportForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("what"), choices=ExportJob.Kind.choices)
    fmt = forms.ChoiceField(label=_("format"), choices=ExportJob.Format.choices)
    date_from = JalaliDateField(label=_("from"))
    date_to = JalaliDateField(label=_("to"))
    district = forms.ModelChoiceField(
        label=_("district"), queryset=None, required=False, empty_label=_("All districts")
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = scoped(District.objects.all(), scope).order_by("number")
        if scope.role == Role.DISTRICT_COORDINATOR:
            del self.fields["district"]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "fmt": d["fmt"],
            "date_from": d["date_from"],
            "date_to": d["date_to"],
            "district_id": d["district"].pk if d.get("district") else None,
        }

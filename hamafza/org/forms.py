from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.core.concurrency import version_field
from hamafza.core.forms import BootstrapFormMixin, CodeField, MobileField, TypedCharField
from hamafza.core.persian import to_latin_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.core.validators import validate_username
from hamafza.org.models import Agency, District, Neighbourhood, School, Venue
from hamafza.org.people import ASSIGNABLE_ROLES


class ScopedModelForm(BootstrapFormMixin, forms.ModelForm):
    """A model form whose choices of districts and neighbourhoods come through the scoping gate."""

    version = version_field()

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        if "district" in self.fields:
            districts = scoped(District.objects.all(), scope)
            self.fields["district"].queryset = districts
            if not self.instance.pk and districts.count() == 1:
                self.initial.setdefault("district", districts.get().pk)
        if "neighbourhood" in self.fields:
            self.fields["neighbourhood"].queryset = scoped(
                Neighbourhood.objects.select_related("district"), scope
            )
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.updated_at.isoformat()

    def _post_clean(self):
        # Model-level validation runs in the service (the one place writes are checked), so the
        # page and the API give the same answers.
        pass

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class DistrictForm(ScopedModelForm):
    name = TypedCharField(label=_("name"), max_length=200)

    class Meta:
        model = District
        fields = ["number", "name"]


class NeighbourhoodForm(ScopedModelForm):
    name = TypedCharField(label=_("name"), max_length=200)

    class Meta:
        model = Neighbourhood
        fields = ["district", "name"]


class AgencyForm(ScopedModelForm):
    name = TypedCharField(label=_("name"), max_length=200)
    short_name = TypedCharField(label=_("short name"), max_length=60, required=False)
    contact_name = TypedCharField(label=_("contact person"), max_length=120, required=False)
    contact_mobile = MobileField(label=_("contact mobile"), required=False)

    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "contact_name", "contact_mobile"]


class SchoolForm(ScopedModelForm):
    name = TypedCharField(label=_("name"), max_length=200)
    code = CodeField(label=_("school code"), max_length=20)
    address = TypedCharField(label=_("address"), max_length=300, required=False)
    principal_name = TypedCharField(label=_("principal"), max_length=120, required=False)
    principal_mobile = MobileField(label=_("principal's mobile"), required=False)

    class Meta:
        model = School
        fields = [
            "name",
            "code",
            "district",
            "neighbourhood",
            "stage",
            "gender",
            "ownership",
            "grade_from",
            "grade_to",
            "address",
            "principal_name",
            "principal_mobile",
        ]


class VenueForm(ScopedModelForm):
    name = TypedCharField(label=_("name"), max_length=200)
    address = TypedCharField(label=_("address"), max_length=300, required=False)

    class Meta:
        model = Venue
        fields = ["name", "district", "neighbourhood", "kind", "address", "capacity"]


class SchoolImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel (.xlsx) or CSV file"),
        help_text=_("First row: column names. Download the template to see them."),
    )


class UsernameField(forms.CharField):
    """Letters, digits, dot, underscore and hyphen; digits typed on a Persian keyboard count."""

    default_validators = [validate_username]

    def to_python(self, value):
        return to_latin_digits(super().to_python(value))


class PersonForm(BootstrapFormMixin, forms.Form):
    first_name = TypedCharField(label=_("first name"), max_length=150)
    last_name = TypedCharField(label=_("last name"), max_length=150)
    username = UsernameField(label=_("username"), max_length=150)
    mobile = MobileField(label=_("mobile number"), required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    role = forms.ChoiceField(label=_("role"))
    district = forms.ModelChoiceField(
        label=_("district"), queryset=District.objects.none(), required=False
    )
    agency = forms.ModelChoiceField(
        label=_("partner agency"), queryset=Agency.objects.none(), required=False
    )
    school = forms.ModelChoiceField(
        label=_("school"), queryset=School.objects.none(), required=False
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            ("", "---------"),
            *[(r.value, r.label) for r in ASSIGNABLE_ROLES],
        ]
        self.fields["district"].queryset = scoped(District.objects.all(), scope)
        self.fields["agency"].queryset = scoped(Agency.objects.all(), scope)
        self.fields["school"].queryset = scoped(School.objects.select_related("district"), scope)
        self.fields["username"].widget.attrs["dir"] = "ltr"
        self.fields["email"].widget.attrs["dir"] = "ltr"

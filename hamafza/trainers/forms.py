from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.catalogue.models import Domain
from hamafza.core.concurrency import version_field, version_of
from hamafza.core.forms import BootstrapFormMixin, JalaliDateField, MobileField, TypedCharField
from hamafza.core.persian import to_latin_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.core.validators import validate_national_code
from hamafza.org.models import Agency, District
from hamafza.trainers.models import CompetencyLevel, Trainer, TrainingCourse


class NationalCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "dir": "ltr"})

    def to_python(self, value):
        value = super().to_python(value)
        return to_latin_digits(value).replace("-", "").replace(" ", "") if value else value

    def validate(self, value):
        super().validate(value)
        if value:
            validate_national_code(value)


class TrainerForm(BootstrapFormMixin, forms.ModelForm):
    first_name = TypedCharField(label=_("first name"), max_length=100)
    last_name = TypedCharField(label=_("last name"), max_length=100)
    national_code = NationalCodeField(label=_("national code"))
    mobile = MobileField(label=_("mobile number"))
    languages = TypedCharField(label=_("languages"), max_length=200, required=False)
    domains = forms.ModelMultipleChoiceField(
        label=_("domains"),
        queryset=Domain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = version_field()

    class Meta:
        model = Trainer
        fields = [
            "first_name",
            "last_name",
            "national_code",
            "mobile",
            "gender",
            "education",
            "home_district",
            "employer",
            "is_volunteer",
            "languages",
            "status",
            "max_hours_per_week",
        ]

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        districts = scoped(District.objects.all(), scope)
        self.fields["home_district"].queryset = districts
        self.fields["employer"].queryset = scoped(Agency.objects.all(), scope)
        self.fields["domains"].queryset = scoped(Domain.objects.all(), scope)
        self.fields["domains"].widget.attrs["class"] = ""
        if self.instance.pk:
            self.initial["domains"] = list(
                self.instance.trainer_domains.values_list("domain_id", flat=True)
            )
            if not self.is_bound:
                self.initial["version"] = self.instance.updated_at.isoformat()
        elif districts.count() == 1:
            self.initial["home_district"] = districts.get().pk

    def _post_clean(self):
        pass  # the service validates the model (uniqueness needs the municipality)

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("domains", "version")}
        data["home_district_id"] = data.pop("home_district").pk
        employer = data.pop("employer")
        data["employer_id"] = employer.pk if employer else None
        return data


class SelfProfileForm(BootstrapFormMixin, forms.Form):
    mobile = MobileField(label=_("mobile number"))
    education = forms.ChoiceField(
        label=_("education"),
        choices=[("", "---------"), *Trainer.Education.choices],
        required=False,
    )
    languages = TypedCharField(label=_("languages"), max_length=200, required=False)
    photo = forms.FileField(
        label=_("photo"), required=False, help_text=_("JPEG, PNG or WebP, up to 2 MB.")
    )
    version = version_field()


class CertificateForm(BootstrapFormMixin, forms.Form):
    domain = forms.ModelChoiceField(label=_("domain"), queryset=Domain.objects.none())
    title = TypedCharField(label=_("title"), max_length=200)
    issuer = TypedCharField(label=_("issuer"), max_length=200)
    issued_on = JalaliDateField(label=_("issue date"))
    expires_on = JalaliDateField(label=_("expiry date"), required=False)
    file = forms.FileField(
        label=_("scanned file"), help_text=_("PDF, JPEG, PNG or WebP, up to 5 MB.")
    )

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = scoped(Domain.objects.all(), scope)

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("file", "domain")}
        data["domain_id"] = self.cleaned_data["domain"].pk
        return data


class LevelForm(BootstrapFormMixin, forms.ModelForm):
    name = TypedCharField(label=_("name"), max_length=100)

    class Meta:
        model = CompetencyLevel
        fields = ["domain", "rank", "name", "min_courses", "min_hours", "min_observation_score"]

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = scoped(Domain.objects.all(), scope)

    def _post_clean(self):
        pass


class CourseForm(BootstrapFormMixin, forms.ModelForm):
    title = TypedCharField(label=_("title"), max_length=200)
    starts_on = JalaliDateField(label=_("start date"))
    ends_on = JalaliDateField(label=_("end date"))

    class Meta:
        model = TrainingCourse
        fields = [
            "domain",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "capacity",
            "pass_percent",
            "certificate_years",
        ]

    version = version_field()

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].queryset = scoped(Domain.objects.all(), scope)
        if self.instance.pk:
            self.initial["version"] = version_of(self.instance)
        self.fields["description"].widget.attrs["rows"] = 3

    def _post_clean(self):
        pass


class CourseSessionForm(BootstrapFormMixin, forms.Form):
    date = JalaliDateField(label=_("date"))
    topic = TypedCharField(label=_("topic"), max_length=200)
    hours = forms.DecimalField(
        label=_("hours"), min_value=0.5, max_value=12, decimal_places=1, initial=2
    )


class LeaveForm(BootstrapFormMixin, forms.Form):
    starts_on = JalaliDateField(label=_("from"))
    ends_on = JalaliDateField(label=_("to"))
    reason = TypedCharField(label=_("reason"), max_length=200, required=False)

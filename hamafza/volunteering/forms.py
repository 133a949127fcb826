from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.core.forms import BootstrapFormMixin, JalaliDateField, MobileField, TypedCharField
from hamafza.volunteering.models import Gender, Opportunity, Skill


class VolunteerForm(BootstrapFormMixin, forms.Form):
    name = TypedCharField(label=_("name"), max_length=120)
    gender = forms.ChoiceField(label=_("gender"), choices=Gender.choices)
    birth_year = forms.IntegerField(
        label=_("birth year"), required=False, min_value=1300, max_value=1420,
        help_text=_("Jalali year, like 1380."),
    )  # fmt: skip
    mobile = MobileField(label=_("mobile"), required=False)
    district_id = forms.TypedChoiceField(
        label=_("district"), coerce=int, required=False, empty_value=None, choices=()
    )
    grade = forms.IntegerField(label=_("grade"), required=False, min_value=1, max_value=12)
    guardian_name = TypedCharField(label=_("guardian's name"), max_length=120, required=False)
    guardian_mobile = MobileField(label=_("guardian's mobile"), required=False)
    skills = forms.MultipleChoiceField(
        label=_("skills"), choices=Skill.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    availability = TypedCharField(label=_("availability"), max_length=300, required=False)

    def __init__(self, *args, student: bool, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        if student:
            for name in ("mobile", "district_id"):
                del self.fields[name]
        else:
            for name in ("grade", "guardian_name", "guardian_mobile"):
                del self.fields[name]
            if districts:
                self.fields["district_id"].choices = [(d.pk, str(d)) for d in districts]
            else:
                del self.fields["district_id"]


class OpportunityForm(BootstrapFormMixin, forms.Form):
    title = TypedCharField(label=_("title"), max_length=200)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("kind"), choices=Opportunity.Kind.choices)
    district_id = forms.TypedChoiceField(
        label=_("district"), coerce=int, required=False, empty_value=None, choices=()
    )
    domain_id = forms.TypedChoiceField(
        label=_("domain"), coerce=int, required=False, empty_value=None, choices=()
    )
    camp_id = forms.TypedChoiceField(
        label=_("camp"), coerce=int, required=False, empty_value=None, choices=(),
        help_text=_("A camp of the same district, when the opportunity is for one."),
    )  # fmt: skip
    min_age = forms.IntegerField(label=_("minimum age"), required=False, min_value=7, max_value=99)
    gender = forms.ChoiceField(
        label=_("gender"), required=False, choices=[("", _("Anyone"))] + Gender.choices
    )
    skills = forms.MultipleChoiceField(
        label=_("skills needed"), choices=Skill.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    certificate = TypedCharField(label=_("certificate required"), max_length=120, required=False)
    minors_allowed = forms.BooleanField(label=_("minors may take part"), required=False)

    def __init__(self, *args, districts=(), domains=(), camps=(), **kwargs):
        super().__init__(*args, **kwargs)
        if districts:
            self.fields["district_id"].choices = [(d.pk, str(d)) for d in districts]
        else:
            del self.fields["district_id"]
        self.fields["domain_id"].choices = [("", "—")] + [(d.pk, str(d)) for d in domains]
        self.fields["camp_id"].choices = [("", "—")] + [
            (c.pk, f"{c} · {c.district}") for c in camps
        ]


class ShiftForm(BootstrapFormMixin, forms.Form):
    date = JalaliDateField(label=_("date"))
    starts = forms.TimeField(label=_("starts"))
    ends = forms.TimeField(label=_("ends"))
    place = TypedCharField(label=_("place"), max_length=200)
    needed = forms.IntegerField(label=_("volunteers needed"))
    role_name = TypedCharField(label=_("role"), max_length=120, required=False)

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.camps import selectors
from hamafza.camps.models import Camp, CampParticipant, CampStaff
from hamafza.core import jalali
from hamafza.core.concurrency import version_field
from hamafza.core.forms import (
    BootstrapFormMixin,
    JalaliDateField,
    MobileField,
    TypedCharField,
)
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.org.models import District, School, Venue
from hamafza.sessions.models import Session

GRADE_ERRORS = {
    "min_value": _("The grade must be between 1 and 12."),
    "max_value": _("The grade must be between 1 and 12."),
    "invalid": _("The grade must be between 1 and 12."),
}


def _grade_field(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=12,
        error_messages=GRADE_ERRORS,
        **kwargs,
    )


class CampForm(BootstrapFormMixin, forms.ModelForm):
    title = TypedCharField(label=_("title"), max_length=200)
    place = TypedCharField(
        label=_("place"),
        max_length=300,
        required=False,
        help_text=_("Where the camp is held, when it is not one of the venues."),
    )
    start_date = JalaliDateField(label=_("start date"))
    end_date = JalaliDateField(label=_("end date"))
    capacity = forms.IntegerField(label=_("capacity"), min_value=1, max_value=5000)
    grade_from = _grade_field(_("from grade"))
    grade_to = _grade_field(_("to grade"))
    cancel_reason = TypedCharField(
        label=_("reason for cancelling"),
        max_length=300,
        required=False,
        help_text=_("Only when the camp is cancelled."),
    )
    version = version_field()

    class Meta:
        model = Camp
        fields = [
            "title",
            "district",
            "venue",
            "place",
            "start_date",
            "end_date",
            "capacity",
            "audience",
            "grade_from",
            "grade_to",
            "status",
            "cancel_reason",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        districts = scoped(District.objects.all(), scope)
        self.fields["district"].queryset = districts
        self.fields["venue"].queryset = scoped(Venue.objects.select_related("district"), scope)
        if self.instance.pk:
            if not self.is_bound:
                self.initial["version"] = self.instance.updated_at.isoformat()
        elif districts.count() == 1:
            self.initial.setdefault("district", districts.get().pk)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("A camp cannot end before it starts."))
        low, high = data.get("grade_from"), data.get("grade_to")
        if low and high and low > high:
            self.add_error("grade_to", _("The last grade cannot be before the first."))
        return data

    def _post_clean(self):
        pass  # the service validates the model, so the page and the API give the same answers

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class SchoolChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.district}"


class ParticipantForm(BootstrapFormMixin, forms.Form):
    full_name = TypedCharField(label=_("student's full name"), max_length=150)
    school = SchoolChoiceField(label=_("school"), queryset=School.objects.none())
    grade = _grade_field(_("grade"))
    gender = forms.ChoiceField(
        label=_("gender"), choices=[("", "---------"), *CampParticipant.Gender.choices]
    )
    guardian_name = TypedCharField(label=_("guardian's name"), max_length=150)
    guardian_mobile = MobileField(label=_("guardian's mobile"))
    notes = TypedCharField(
        label=_("notes"),
        max_length=300,
        required=False,
        help_text=_("Allergies, medicines or anything the staff should know."),
    )
    consent_method = forms.ChoiceField(
        label=_("guardian's consent"),
        choices=[("", _("Not received yet")), *CampParticipant.ConsentMethod.choices],
        required=False,
    )
    consent_date = JalaliDateField(
        label=_("consent given on"),
        required=False,
        help_text=_("Leave empty for today."),
    )
    going = forms.BooleanField(
        label=_("Mark as going (needs the guardian's consent)"), required=False
    )

    def __init__(self, *args, scope: Scope, camp: Camp, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = scoped(
            School.objects.select_related("district"), scope
        ).filter(grade_from__lte=camp.grade_to, grade_to__gte=camp.grade_from)
        if camp.audience == Camp.Audience.GIRLS:
            self.initial.setdefault("gender", CampParticipant.Gender.GIRL)
        elif camp.audience == Camp.Audience.BOYS:
            self.initial.setdefault("gender", CampParticipant.Gender.BOY)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["school_id"] = data.pop("school").pk
        return data


class ConsentForm(BootstrapFormMixin, forms.Form):
    method = forms.ChoiceField(
        label=_("how consent was given"), choices=CampParticipant.ConsentMethod.choices
    )
    given_on = JalaliDateField(
        label=_("consent given on"), required=False, help_text=_("Leave empty for today.")
    )
    mark_going = forms.BooleanField(label=_("Mark as going"), required=False, initial=True)


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.home_district}"


class StaffForm(BootstrapFormMixin, forms.Form):
    trainer = TrainerChoiceField(
        label=_("trainer"), queryset=None, required=False, help_text=_("A trainer of the pool…")
    )
    volunteer = forms.ModelChoiceField(
        label=_("volunteer"),
        queryset=None,
        required=False,
        help_text=_("…or a person with the volunteer role."),
    )
    role = forms.ChoiceField(label=_("role"), choices=CampStaff.Role.choices)

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = selectors.staff_trainers(scope=scope)
        self.fields["volunteer"].queryset = selectors.volunteers(scope=scope)

    def clean(self):
        data = super().clean()
        if bool(data.get("trainer")) == bool(data.get("volunteer")) and not self.errors:
            raise forms.ValidationError(_("Choose a trainer or a volunteer (one of them)."))
        return data


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localize_digits(
            f"{jalali.format_datetime(obj.starts_at)} · {obj.lesson.title} · {obj.place}"
        )


class ProgrammeForm(BootstrapFormMixin, forms.Form):
    session = SessionChoiceField(
        label=_("session"),
        queryset=None,
        help_text=_("Sessions in your area held during the camp's dates."),
    )

    def __init__(self, *args, scope: Scope, camp: Camp, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["session"]
        # Any session in scope passes the form, so the service can say why one does not fit the
        # camp; the list offers only those that do.
        field.queryset = scoped(Session.objects.select_related("lesson"), scope)
        offered = selectors.schedulable_sessions(scope=scope, camp=camp)
        field.widget.choices = [("", "---------")] + [
            (s.pk, field.label_from_instance(s)) for s in offered
        ]
        self.has_choices = len(field.widget.choices) > 1

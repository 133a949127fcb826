import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.camps.models import Camp
from hamafza.catalogue.models import Program
from hamafza.core.concurrency import parse_version, version_field, version_of
from hamafza.core.forms import BootstrapFormMixin
from hamafza.core.scoping import Role, scoped
from hamafza.sessions import selectors as session_selectors
from hamafza.surveys.models import Question, Survey


class SurveyForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "intro", "session", "program", "camp", "is_anonymous", "status"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    version = version_field()

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = version_of(self.instance)
        today = timezone.localdate()
        self.fields["session"].queryset = session_selectors.session_list(
            scope=scope, start=today - dt.timedelta(days=60), end=today + dt.timedelta(days=90)
        ).order_by("starts_at")
        self.fields["camp"].queryset = scoped(Camp.objects.all(), scope)
        if scope.role == Role.DISTRICT_COORDINATOR:
            del self.fields["program"]
        else:
            self.fields["program"].queryset = scoped(Program.objects.all(), scope)

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data.setdefault("program", None)
        return data

    def expected_version(self):
        return parse_version(self.cleaned_data.get("version"))


class SectionForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)


class QuestionForm(BootstrapFormMixin, forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For one or several choices: one choice a line."),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required", "scale", "section"]

    version = version_field()

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = version_of(self.instance)
        self.fields["section"].queryset = survey.sections.all()
        if self.instance.pk and self.instance.choices:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices)

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("choices_text", "version")}
        data["choices"] = self.cleaned_data.get("choices_text") or ""
        return data

    def expected_version(self):
        return parse_version(self.cleaned_data.get("version"))

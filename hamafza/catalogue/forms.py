from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.catalogue import selectors
from hamafza.catalogue.models import MAX_CHOICES, MIN_CHOICES, Domain, Lesson, Material, Program
from hamafza.core.concurrency import parse_version, version_field, version_of
from hamafza.core.forms import BootstrapFormMixin, CodeField, TypedCharField
from hamafza.core.scoping import Scope, scoped
from hamafza.core.templatetags.hamafza import num
from hamafza.org.forms import ScopedModelForm
from hamafza.org.models import Agency


class MultilineTextField(forms.CharField):
    """A textarea whose lines are kept (the service normalises the Persian text)."""

    widget = forms.Textarea


class ProgramForm(ScopedModelForm):
    code = CodeField(label=_("program code"), max_length=40)
    title = TypedCharField(label=_("title"), max_length=200)
    summary = MultilineTextField(
        label=_("summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    objectives = MultilineTextField(
        label=_("objectives"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What participants know or can do after the program, one per line."),
    )

    class Meta:
        model = Program
        fields = [
            "code",
            "title",
            "domain",
            "audience",
            "gender",
            "session_count",
            "session_minutes",
            "status",
            "summary",
            "objectives",
        ]

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        domains = selectors.manageable_domains(scope=scope)
        self.fields["domain"].queryset = domains
        if not self.instance.pk:
            del self.fields["status"]  # a new program is a draft until it is published
            if domains.count() == 1:
                self.initial.setdefault("domain", domains.get().pk)
        self.fields["code"].widget.attrs["dir"] = "ltr"
        self.fields["session_count"].widget.attrs.update({"min": 1, "max": 60})
        self.fields["session_minutes"].widget.attrs.update({"min": 10, "max": 480})


class LessonForm(ScopedModelForm):
    title = TypedCharField(label=_("title"), max_length=200)
    objectives = MultilineTextField(
        label=_("objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    plan = MultilineTextField(
        label=_("lesson plan"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Steps of the session with their minutes, activities and questions to ask."),
    )

    class Meta:
        model = Lesson
        fields = ["order", "title", "minutes", "objectives", "plan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Left empty: after the last session.")
        self.fields["minutes"].required = False
        self.fields["minutes"].help_text = _("Left empty: the program's session length.")

    def service_data(self) -> dict:
        data = super().service_data()
        for key in ("order", "minutes"):
            if data.get(key) is None:
                data.pop(key, None)
        return data


class MaterialForm(BootstrapFormMixin, forms.Form):
    title = TypedCharField(label=_("title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("kind"), choices=Material.Kind.choices, widget=forms.RadioSelect, initial="file"
    )
    file = forms.FileField(
        label=_("file"),
        required=False,
        help_text=_("PDF, image or office document, up to 20 MB."),
    )
    url = forms.URLField(label=_("address (URL)"), required=False, assume_scheme="https")
    lesson = forms.ModelChoiceField(
        label=_("session"),
        queryset=Lesson.objects.none(),
        required=False,
        empty_label=_("The whole program"),
    )

    def __init__(self, *args, lessons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = lessons
        self.fields["url"].widget.attrs["dir"] = "ltr"
        self.fields["kind"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("kind") == Material.Kind.FILE and not data.get("file"):
            self.add_error("file", _("Choose a file to upload."))
        if data.get("kind") == Material.Kind.LINK and not data.get("url"):
            self.add_error("url", _("Enter the address of the link."))
        return data


class QuestionForm(BootstrapFormMixin, forms.Form):
    """A question with up to six choices; the empty ones are dropped."""

    version = version_field()
    text = MultilineTextField(label=_("question"), widget=forms.Textarea(attrs={"rows": 3}))
    correct = forms.TypedChoiceField(
        label=_("correct choice"),
        coerce=int,
        choices=[(i, i) for i in range(1, MAX_CHOICES + 1)],
    )
    explanation = MultilineTextField(
        label=_("explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown only in the answer key."),
    )
    is_active = forms.BooleanField(label=_("in use"), required=False, initial=True)

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None:
            initial = kwargs.setdefault("initial", {})
            initial.update(
                text=instance.text,
                correct=instance.correct_index + 1,
                explanation=instance.explanation,
                is_active=instance.is_active,
                version=instance.updated_at.isoformat(),
            )
            for i, choice in enumerate(instance.choices, start=1):
                initial[f"choice_{i}"] = choice
        super().__init__(*args, **kwargs)
        for i in range(1, MAX_CHOICES + 1):
            self.fields[f"choice_{i}"] = TypedCharField(
                label=_("Choice %(n)s") % {"n": num(i)},
                max_length=300,
                required=i <= MIN_CHOICES,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
        # Keep the correct-answer field after the choices.
        for name in ("correct", "explanation", "is_active"):
            self.fields[name] = self.fields.pop(name)
        self.fields["correct"].choices = [(i, num(i)) for i in range(1, MAX_CHOICES + 1)]
        self.fields["correct"].widget.attrs["class"] = "form-select"

    @property
    def choice_fields(self):
        return [self[f"choice_{i}"] for i in range(1, MAX_CHOICES + 1)]

    def clean(self):
        data = super().clean()
        filled = [
            (i, data.get(f"choice_{i}"))
            for i in range(1, MAX_CHOICES + 1)
            if data.get(f"choice_{i}")
        ]
        correct = data.get("correct")
        positions = [i for i, _text in filled]
        if correct is not None and correct not in positions:
            self.add_error("correct", _("The correct answer must be one of the filled choices."))
        elif correct is not None:
            data["correct_index"] = positions.index(correct)
        data["choices"] = [text for _i, text in filled]
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "choices": data["choices"],
            "correct_index": data["correct_index"],
            "explanation": data.get("explanation", ""),
            "is_active": data.get("is_active", False),
        }


class VersionNotesForm(BootstrapFormMixin, forms.Form):
    notes = MultilineTextField(
        label=_("what changed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = version_field()


class ProgramImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel (.xlsx) or CSV file"),
        help_text=_("First row: column names. Download the template to see them."),
    )


class DomainForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Domain
        fields = ["code", "name", "owner_agency"]

    version = version_field()

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = version_of(self.instance)
        self.fields["owner_agency"].queryset = scoped(Agency.objects.all(), scope)
        self.fields["code"].widget.attrs["dir"] = "ltr"

    def _post_clean(self):
        pass  # the service validates (uniqueness needs the municipality)

    def service_data(self) -> dict:
        owner = self.cleaned_data["owner_agency"]
        return {
            "code": self.cleaned_data["code"],
            "name": self.cleaned_data["name"],
            "owner_agency_id": owner.pk if owner else None,
        }

    def expected_version(self):
        return parse_version(self.cleaned_data.get("version"))

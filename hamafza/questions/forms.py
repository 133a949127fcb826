from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.core.concurrency import version_field
from hamafza.core.forms import BootstrapFormMixin, TypedCharField
from hamafza.core.scoping import Scope
from hamafza.core.templatetags.hamafza import num
from hamafza.org.forms import ScopedModelForm
from hamafza.questions import selectors
from hamafza.questions.models import MAX_TAGS, Question


class LessonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.version.program.title} — {num(obj.order)}. {obj.title}"


class QuestionForm(ScopedModelForm):
    title = TypedCharField(
        label=_("title"),
        max_length=200,
        help_text=_("One line that says what you want to know."),
    )
    body = forms.CharField(
        label=_("question"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text=_(
            "What happened, what you tried, what you need. Name a colleague with @username."
        ),
    )
    tags = forms.CharField(
        label=_("tags"),
        required=False,
        max_length=300,
        help_text=_("Up to %(n)s short tags, separated by commas.") % {"n": MAX_TAGS},
    )
    lesson = LessonChoice(
        label=_("lesson"), queryset=None, required=False,
        empty_label=_("The whole program, or none"),
    )  # fmt: skip

    class Meta:
        model = Question
        fields = ["domain", "title", "body", "tags", "program", "lesson"]

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        self.fields["domain"].queryset = selectors.domains(scope=scope)
        self.fields["program"].queryset = selectors.programs(scope=scope)
        self.fields["program"].required = False
        self.fields["lesson"].queryset = selectors.lessons(scope=scope)
        if self.instance.pk and not self.is_bound:
            self.initial["tags"] = "، ".join(self.instance.tags or [])

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in ("domain", "program", "lesson"):
            value = data.pop(name, None)
            data[f"{name}_id"] = value.pk if value else None
        return data


class AnswerForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("your answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    version = version_field()


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

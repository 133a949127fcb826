from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.catalogue.models import Lesson, ProgramVersion
from hamafza.core.concurrency import version_field, version_of
from hamafza.core.forms import BootstrapFormMixin, TypedCharField
from hamafza.core.scoping import Scope, scoped
from hamafza.core.templatetags.hamafza import num
from hamafza.library import selectors
from hamafza.library.models import Resource
from hamafza.org.forms import ScopedModelForm

FILE_HELP = _("PDF, image or office document, up to 20 MB.")


class LessonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.version.program.title} — {num(obj.order)}. {obj.title}"


class ResourceForm(ScopedModelForm):
    title = TypedCharField(label=_("title"), max_length=200)
    summary = forms.CharField(
        label=_("summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What it is, how to use it in a session, and what it needs."),
    )
    links = forms.CharField(
        label=_("links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "ltr"}),
        help_text=_("One web address per line (a video, a shared folder…)."),
    )
    lesson = LessonChoice(
        label=_("lesson"), queryset=Lesson.objects.none(), required=False,
        empty_label=_("The whole program, or none"),
    )  # fmt: skip
    file = forms.FileField(label=_("file"), required=False, help_text=FILE_HELP)

    class Meta:
        model = Resource
        fields = [
            "kind",
            "title",
            "domain",
            "program",
            "lesson",
            "audience",
            "gender",
            "licence",
            "summary",
            "links",
        ]

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, scope=scope, **kwargs)
        self.fields["domain"].queryset = selectors.domains(scope=scope)
        self.fields["program"].queryset = selectors.programs(scope=scope)
        self.fields["program"].required = False
        self.fields["lesson"].queryset = (
            scoped(Lesson.objects.filter(version__status=ProgramVersion.Status.PUBLISHED), scope)
            .select_related("version__program")
            .order_by("version__program__title", "order")
        )
        if self.instance.pk:
            del self.fields["file"]  # a new file is a version of its own (the file page)

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("file", None)
        for name in ("domain", "program", "lesson"):
            value = data.pop(name, None)
            data[f"{name}_id"] = value.pk if value else None
        return data


class FileForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("file"), help_text=FILE_HELP)
    note = TypedCharField(label=_("what changed"), max_length=300, required=False)


class ReturnForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason for returning"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CommentForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once (each checked and stripped of metadata by the service)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        one = super().clean
        return [one(item, initial) for item in items if item]


class ReportForm(BootstrapFormMixin, forms.Form):
    version = version_field()
    worked = forms.CharField(
        label=_("what worked"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("An activity, a question or a way of grouping that the class took to."),
    )  # fmt: skip
    did_not_work = forms.CharField(
        label=_("what did not work"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    tips = forms.CharField(
        label=_("tips for the next trainer"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    photos = PhotosField(
        label=_("photos"), required=False,
        help_text=_("Up to 6 photos (JPEG, PNG or WebP, 10 MB each). Their location and camera "
                    "details are removed before they are kept."),
    )  # fmt: skip
    no_minor_identifiable = forms.BooleanField(
        label=_("No child can be identified in these photos (no faces, names or name tags)."),
        required=False,
    )
    remove_photos = forms.MultipleChoiceField(
        label=_("remove these photos"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, report=None, minors: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not minors:
            del self.fields["no_minor_identifiable"]
        if report is None:
            del self.fields["remove_photos"]
        else:
            self.fields["remove_photos"].choices = [
                (str(p.pk), _("Photo %(n)s") % {"n": num(i)})
                for i, p in enumerate(report.photos.all(), 1)
            ]
            if not self.is_bound:
                self.initial.update(
                    version=version_of(report),
                    worked=report.worked,
                    did_not_work=report.did_not_work,
                    tips=report.tips,
                    no_minor_identifiable=report.no_minor_identifiable,
                )
            if not self.fields["remove_photos"].choices:
                del self.fields["remove_photos"]

    def text(self) -> dict:
        return {key: self.cleaned_data.get(key) or "" for key in ("worked", "did_not_work", "tips")}

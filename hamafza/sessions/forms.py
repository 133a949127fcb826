import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.core.concurrency import version_field
from hamafza.core.forms import BootstrapFormMixin, JalaliDateField, TypedCharField
from hamafza.core.persian import localize_digits
from hamafza.core.scoping import Scope, scoped
from hamafza.org.models import School, Venue
from hamafza.plans import selectors as plan_selectors
from hamafza.sessions import selectors
from hamafza.trainers.models import Trainer


class LessonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localize_digits(f"{obj.version.program.title} · {obj.order}. {obj.title}")


class TrainerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.home_district}"


class PlanLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localize_digits(
            f"{obj.district_plan.plan.year} · {obj.district} · {obj.domain} · {obj.agency} · "
            f"{obj.quarter_label}"
        )


class SessionForm(BootstrapFormMixin, forms.Form):
    lesson = LessonChoiceField(label=_("lesson"), queryset=None)
    school = forms.ModelChoiceField(label=_("school"), queryset=None, required=False)
    class_label = TypedCharField(
        label=_("class"), max_length=40, required=False, help_text=_("For example 5/2.")
    )
    venue = forms.ModelChoiceField(
        label=_("venue"),
        queryset=None,
        required=False,
        help_text=_("Or a venue instead of a school."),
    )
    date = JalaliDateField(label=_("date"))
    start = forms.TimeField(label=_("from"))
    end = forms.TimeField(label=_("to"))
    trainers = TrainerChoiceField(label=_("trainers"), queryset=None)
    capacity = forms.IntegerField(label=_("capacity"), min_value=1, max_value=5000, required=False)
    is_public = forms.BooleanField(label=_("open to the public"), required=False)
    repeat_weeks = forms.IntegerField(
        label=_("weeks"),
        min_value=1,
        max_value=40,
        initial=1,
        help_text=_("The same day and time every week; holidays are skipped."),
    )
    plan_line = PlanLineChoiceField(
        label=_("counts toward"),
        queryset=None,
        required=False,
        empty_label=_("Automatic: the district's line for the domain and quarter"),
        help_text=_("The line of the joint plan this session counts toward."),
    )
    confirm_warnings = forms.BooleanField(label=_("Schedule despite the warnings"), required=False)

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lesson"].queryset = selectors.schedulable_lessons(scope=scope)
        self.fields["school"].queryset = scoped(School.objects.select_related("district"), scope)
        self.fields["venue"].queryset = scoped(Venue.objects.all(), scope)
        self.fields["trainers"].queryset = scoped(
            Trainer.objects.filter(status=Trainer.Status.ACTIVE).select_related("home_district"),
            scope,
        )
        self.fields["trainers"].widget.attrs["size"] = 8
        self.fields["plan_line"].queryset = plan_selectors.schedulable_lines(scope=scope)

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start") and data.get("end"):
            tz = timezone.get_current_timezone()
            data["starts_at"] = timezone.make_aware(
                dt.datetime.combine(data["date"], data["start"]), tz
            )
            data["ends_at"] = timezone.make_aware(
                dt.datetime.combine(data["date"], data["end"]), tz
            )
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("A session must end after it starts."))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "lesson_id": d["lesson"].pk,
            "starts_at": d["starts_at"],
            "ends_at": d["ends_at"],
            "trainer_ids": [t.pk for t in d["trainers"]],
            "school_id": d["school"].pk if d["school"] else None,
            "class_label": d["class_label"],
            "venue_id": d["venue"].pk if d["venue"] else None,
            "capacity": d["capacity"],
            "is_public": d["is_public"],
            "repeat_weeks": d["repeat_weeks"],
            "confirm_warnings": d["confirm_warnings"],
            "plan_line_id": d["plan_line"].pk if d.get("plan_line") else None,
        }


class SessionEditForm(SessionForm):
    """Move a session or change its trainers, place or plan line (the lesson stays)."""

    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["lesson"]
        del self.fields["repeat_weeks"]
        self.fields["confirm_warnings"].label = _("Save despite the warnings")

    @classmethod
    def initial_for(cls, session) -> dict:
        start = timezone.localtime(session.starts_at)
        return {
            "school": session.school_id,
            "class_label": session.class_label,
            "venue": session.venue_id,
            "date": start.date(),
            "start": start.time().strftime("%H:%M"),
            "end": timezone.localtime(session.ends_at).time().strftime("%H:%M"),
            "trainers": [t.pk for t in session.trainers.all()],
            "capacity": session.capacity,
            "is_public": session.is_public,
            "plan_line": session.plan_line_id,
            "version": session.updated_at.isoformat(),
        }

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "starts_at": d["starts_at"],
            "ends_at": d["ends_at"],
            "trainer_ids": [t.pk for t in d["trainers"]],
            "school_id": d["school"].pk if d["school"] else None,
            "class_label": d["class_label"],
            "venue_id": d["venue"].pk if d["venue"] else None,
            "capacity": d["capacity"],
            "is_public": d["is_public"],
            "plan_line_id": d["plan_line"].pk if d.get("plan_line") else None,
            "confirm_warnings": d["confirm_warnings"],
        }

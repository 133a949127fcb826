import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.core.concurrency import parse_version, version_field, version_of
from hamafza.core.forms import BootstrapFormMixin, JalaliDateField, TypedCharField
from hamafza.core.scoping import Role, Scope
from hamafza.meetings import selectors
from hamafza.meetings.models import ActionItem, MeetingSeries


class SeriesForm(BootstrapFormMixin, forms.Form):
    title = TypedCharField(label=_("title"), max_length=200)
    recurrence = forms.ChoiceField(label=_("recurrence"), choices=MeetingSeries.Recurrence.choices)
    place = TypedCharField(label=_("usual place"), max_length=200, required=False)
    district = forms.ModelChoiceField(
        label=_("district"),
        queryset=None,
        required=False,
        empty_label=_("The whole municipality"),
    )
    version = version_field()

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = selectors.districts_for(scope=scope)
        if scope.role == Role.DISTRICT_COORDINATOR:
            del self.fields["district"]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "recurrence": d["recurrence"],
            "place": d.get("place") or "",
            "district_id": d["district"].pk if d.get("district") else None,
            "expected_updated_at": parse_version(d.get("version")),
        }


class MeetingForm(BootstrapFormMixin, forms.Form):
    title = TypedCharField(label=_("title"), max_length=200)
    series = forms.ModelChoiceField(
        label=_("series"), queryset=None, required=False, empty_label=_("A single meeting")
    )
    district = forms.ModelChoiceField(
        label=_("district"),
        queryset=None,
        required=False,
        empty_label=_("The whole municipality"),
        help_text=_("A meeting of a series belongs to the series' district."),
    )
    date = JalaliDateField(label=_("date"))
    start = forms.TimeField(label=_("from"))
    end = forms.TimeField(label=_("to"))
    place = TypedCharField(label=_("place"), max_length=200, required=False)
    online_link = forms.URLField(label=_("online link"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line. Overdue actions of the series are added by themselves."),
    )
    version = version_field()

    def __init__(self, *args, scope: Scope, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = selectors.series(scope=scope).filter(is_active=True)
        self.fields["district"].queryset = selectors.districts_for(scope=scope)
        if scope.role == Role.DISTRICT_COORDINATOR:
            del self.fields["district"]
        if editing:
            for name in ("series", "district", "agenda"):
                self.fields.pop(name, None)

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
                self.add_error("end", _("A meeting must end after it starts."))
        if not data.get("place") and not data.get("online_link"):
            self.add_error("place", _("Give a place or an online link."))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        out = {
            "title": d["title"],
            "starts_at": d["starts_at"],
            "ends_at": d["ends_at"],
            "place": d.get("place") or "",
            "online_link": d.get("online_link") or "",
        }
        if "series" in self.fields:
            out["series_id"] = d["series"].pk if d.get("series") else None
            out["agenda"] = (d.get("agenda") or "").splitlines()
        if "district" in self.fields:
            out["district_id"] = d["district"].pk if d.get("district") else None
        return out


class InviteForm(BootstrapFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("member"), queryset=None, required=False)
    name = TypedCharField(label=_("or a guest's name"), max_length=120, required=False)
    organisation = TypedCharField(label=_("organisation"), max_length=200, required=False)
    agency = forms.ModelChoiceField(label=_("partner agency"), queryset=None, required=False)

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.people_for(scope=scope)
        self.fields["agency"].queryset = selectors.agencies_for(scope=scope)

    def clean(self):
        data = super().clean()
        if not data.get("user") and not data.get("name"):
            self.add_error("user", _("Choose a user or write the guest's name."))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "user_id": d["user"].pk if d.get("user") else None,
            "name": d.get("name") or "",
            "organisation": d.get("organisation") or "",
            "agency_id": d["agency"].pk if d.get("agency") else None,
        }


class AgendaForm(BootstrapFormMixin, forms.Form):
    title = TypedCharField(label=_("item"), max_length=300)


class DecisionForm(BootstrapFormMixin, forms.Form):
    text = TypedCharField(
        label=_("decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(BootstrapFormMixin, forms.Form):
    title = TypedCharField(label=_("what is to be done"), max_length=300)
    owner = forms.ModelChoiceField(label=_("owner"), queryset=None)
    due_on = JalaliDateField(label=_("due"))

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.people_for(scope=scope)


class ActionUpdateForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ActionItem.Status.choices)
    note = forms.CharField(
        label=_("progress note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = version_field()

    def __init__(self, *args, item: ActionItem, manager: bool = False, **kwargs):
        kwargs["initial"] = {"status": item.status, "note": item.note, "version": version_of(item)}
        super().__init__(*args, **kwargs)
        if not manager:
            self.fields["status"].choices = [
                c for c in ActionItem.Status.choices if c[0] != ActionItem.Status.DROPPED
            ]

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        return {**data, "expected_updated_at": parse_version(self.cleaned_data.get("version"))}

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.assessment.permissions import sees_own_sessions_only
from hamafza.assessment.services import MAX_ITEMS
from hamafza.core.forms import BootstrapFormMixin
from hamafza.core.scoping import scoped
from hamafza.sessions import selectors as session_selectors
from hamafza.sessions.models import Session


def usable_sessions(scope):
    today = timezone.localdate()
    if sees_own_sessions_only(scope):
        qs = scoped(Session.objects.filter(trainers__user_id=scope.user_id), scope).select_related(
            "lesson", "school", "venue"
        )
    else:
        qs = session_selectors.session_list(scope=scope)
    start = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=60), dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=90), dt.time.min))
    return (
        qs.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Session.Status.CANCELLED)
        .filter(~Q(version__program__questions=None))
        .distinct()
        .order_by("starts_at")
    )


class TestForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    session = forms.ModelChoiceField(label=_("Session (pre-test)"), queryset=Session.objects.none())
    post_session = forms.ModelChoiceField(
        label=_("Post-test session"),
        queryset=Session.objects.none(),
        required=False,
        help_text=_("For a series: its last session. Empty: the end of the same session."),
    )
    item_count = forms.IntegerField(
        label=_("Number of questions"), min_value=1, max_value=MAX_ITEMS, initial=10
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        sessions = usable_sessions(scope)
        self.fields["session"].queryset = sessions
        self.fields["post_session"].queryset = sessions


class ScoresForm(BootstrapFormMixin, forms.Form):
    lines = forms.CharField(
        label=_("Scores"),
        widget=forms.Textarea(attrs={"rows": 10, "dir": "ltr"}),
        help_text=_("One participant a line: code, pre-test score, post-test score."),
    )

    def rows(self) -> list:
        out = []
        for line in self.cleaned_data["lines"].splitlines():
            if line.strip():
                parts = [p.strip() for p in line.replace("،", ",").split(",")]
                out.append((parts + ["", "", ""])[:3])
        return out

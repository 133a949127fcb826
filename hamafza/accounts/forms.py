from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hamafza.accounts import signals
from hamafza.accounts.identity import account_key
from hamafza.core import ratelimit
from hamafza.core.forms import BootstrapFormMixin, MobileField, TypedCharField


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or mobile number and password do not match."),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username or mobile number")
        self.fields["username"].widget.attrs.update({"dir": "ltr", "autocomplete": "username"})
        # one word for it across the site (Django's own catalogue says گذرواژه)
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs.update({"dir": "ltr"})

    def clean(self):
        # An account many wrong passwords were tried on is tried at most once every few seconds,
        # from wherever (see accounts.signals): guessing slows to a crawl, the owner waits a bit.
        key = account_key(self.cleaned_data.get("username"))
        wait = signals.spacing(ratelimit.count(signals.failures_key(key)))
        if wait and not ratelimit.allow(f"login-slow:{key}", limit=1, window=wait):
            raise forms.ValidationError(
                _("Many wrong passwords were tried for this account. Wait a minute and try again."),
                code="slowed",
            )
        return super().clean()


class PasswordResetRequestForm(BootstrapFormMixin, forms.Form):
    identifier = forms.CharField(
        label=_("Username, e-mail or mobile number"),
        max_length=150,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )


class ProfileForm(BootstrapFormMixin, forms.ModelForm):
    first_name = TypedCharField(label=_("first name"), max_length=150, required=False)
    last_name = TypedCharField(label=_("last name"), max_length=150, required=False)
    mobile = MobileField(label=_("mobile number"), required=False)

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email", "mobile"]

    def clean_mobile(self):
        return self.cleaned_data.get("mobile") or None

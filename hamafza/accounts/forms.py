from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

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

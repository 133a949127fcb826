"""Account writes: profile updates, password reset delivery, API tokens."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from hamafza.accounts.models import ApiToken
from hamafza.core.persian import to_latin_digits
from hamafza.core.sms import send_sms
from hamafza.core.validators import normalize_mobile


def _find_user(identifier: str):
    User = get_user_model()
    identifier = to_latin_digits(identifier).strip()
    mobile = normalize_mobile(identifier)
    if mobile.startswith("09") and len(mobile) == 11:
        return User.objects.filter(mobile=mobile, is_active=True).first(), "sms"
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier, is_active=True).first(), "email"
    user = User.objects.filter(username__iexact=identifier, is_active=True).first()
    if user is None:
        return None, None
    return user, ("email" if user.email else "sms" if user.mobile else None)


def password_reset_send(*, request, identifier: str) -> None:
    """Send a reset link by e-mail or SMS. Says nothing about whether the account exists."""
    user, channel = _find_user(identifier)
    if user is None or channel is None:
        return
    if channel == "email":
        form = PasswordResetForm({"email": user.email})
        form.is_valid()
        form.save(
            request=request,
            use_https=request.is_secure(),
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
        )
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = request.build_absolute_uri(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    )
    send_sms(user.mobile, _("Hamafza: to choose a new password open %(link)s") % {"link": link})


@transaction.atomic
def profile_update(*, user, data: dict):
    for field, value in data.items():
        setattr(user, field, value)
    user.full_clean()
    user.save()
    return user


def api_token_issue(*, user, name: str) -> tuple[ApiToken, str]:
    return ApiToken.issue(user, name)

"""Account writes: profile updates, password reset delivery, API tokens."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
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


RESET_LIMIT_PER_HOUR = 5


def reset_allowed(*, request, identifier: str) -> bool:
    """At most a few reset messages an hour per address and per account, so nobody can flood a
    person's phone with SMS. Over the limit, the page answers as usual and sends nothing."""
    keys = [
        f"reset:ip:{request.META.get('REMOTE_ADDR', '')}",
        f"reset:id:{normalize_mobile(identifier) or identifier.strip().lower()}",
    ]
    allowed = True
    for key in keys:
        cache.add(key, 0, timeout=3600)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=3600)
            count = 1
        allowed = allowed and count <= RESET_LIMIT_PER_HOUR
    return allowed


def password_reset_send(*, request, identifier: str) -> None:
    """Send a reset link by e-mail or SMS. Says nothing about whether the account exists."""
    user, channel = _find_user(identifier)
    if user is None or channel is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    if channel == "email":
        # Sent directly (not through PasswordResetForm, which skips accounts that have no
        # password yet: exactly the people the directorate has just added).
        context = {
            "protocol": "https" if request.is_secure() else "http",
            "domain": request.get_host(),
            "uid": uid,
            "token": token,
            "user": user,
        }
        subject = "".join(
            render_to_string("accounts/password_reset_subject.txt", context).splitlines()
        )
        body = render_to_string("accounts/password_reset_email.txt", context)
        send_mail(subject, body, None, [user.email])
        return
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

"""Account writes: profile updates, password reset delivery, API tokens."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from hamafza.accounts.identity import account_key, normalise_identifier, resolve_account
from hamafza.accounts.models import ApiToken
from hamafza.core import ratelimit
from hamafza.core.net import client_address
from hamafza.notifications.services import text_mobile


def _find_user(identifier: str):
    """The account and the channel its link goes by: the one the person named (a mobile number:
    SMS; an e-mail address: e-mail), else e-mail if the account has one, else SMS."""
    user = resolve_account(identifier, email=True, active=True)
    if user is None:
        return None, None
    typed = normalise_identifier(identifier)
    if user.mobile and typed == user.mobile:
        return user, "sms"
    if "@" in typed:
        return user, "email"
    return user, ("email" if user.email else "sms" if user.mobile else None)


RESET_LIMIT_PER_HOUR = 5


def reset_allowed(*, request, identifier: str) -> bool:
    """At most a few reset messages an hour per client address (behind the proxy, the person's
    own: ``core.net.client_address``) and per account (every spelling of it), so nobody can
    flood a person's phone with SMS. Over the limit, the page answers as usual and sends
    nothing."""
    by_address = ratelimit.allow(
        f"reset:ip:{client_address(request)}", limit=RESET_LIMIT_PER_HOUR, window=3600
    )
    by_account = ratelimit.allow(
        f"reset:{account_key(identifier)}", limit=RESET_LIMIT_PER_HOUR, window=3600
    )
    return by_address and by_account


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
    # through the queue: the page answers at once, the same for every identifier, whatever the
    # gateway does
    text_mobile(
        mobile=user.mobile,
        body=_("Hamafza: to choose a new password open %(link)s") % {"link": link},
        language=translation.get_language() or "fa",
    )


@transaction.atomic
def profile_update(*, user, data: dict):
    for field, value in data.items():
        setattr(user, field, value)
    user.full_clean()
    user.save()
    return user


def api_token_issue(*, user, name: str) -> tuple[ApiToken, str]:
    return ApiToken.issue(user, name)


def api_token_revoke(*, user, token_id: int) -> bool:
    """End one of ``user``'s own live tokens; False if there is no such token of theirs."""
    return bool(ApiToken.live().filter(user=user, pk=token_id).update(revoked_at=timezone.now()))

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.accounts import services
from hamafza.accounts.forms import LoginForm, PasswordResetRequestForm, ProfileForm
from hamafza.core.forms import small_int
from hamafza.org.middleware import ACTIVE_MEMBERSHIP_KEY, ACTIVE_MUNICIPALITY_KEY
from hamafza.org.selectors import memberships_of, municipalities_for_platform_admin


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def password_reset_request(request):
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.reset_allowed(request=request, identifier=form.cleaned_data["identifier"]):
            services.password_reset_send(
                request=request, identifier=form.cleaned_data["identifier"]
            )
        return render(request, "accounts/password_reset_sent.html")
    return render(request, "accounts/password_reset_request.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# the session key a new token's key waits in until the profile shows it, once
NEW_TOKEN = "accounts.new_token"  # noqa: S105 - a session key, not a secret


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    new_token = request.session.pop(NEW_TOKEN, None) if request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            for field, errs in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships_of(request.user),
            "tokens": request.user.api_tokens.order_by("-created_at"),
            "new_token": new_token,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def api_token_create(request):
    """Make a token, then redirect: the key waits in the session and the profile shows it once,
    so reloading the page does not make a second token."""
    name = (request.POST.get("name") or "").strip()[:100] or _("API token")
    _token, key = services.api_token_issue(user=request.user, name=name)
    request.session[NEW_TOKEN] = key
    return redirect("accounts:profile")


@login_required
@require_POST
def api_token_revoke(request, pk):
    if not services.api_token_revoke(user=request.user, token_id=pk):
        raise Http404
    messages.success(request, _("The token was revoked; programs using it can no longer sign in."))
    return redirect("accounts:profile")


def _not_your_role(request):
    """The 400 page (or, for htmx, its short message) saying which choice is expected."""
    return render(request, "400.html", {"message": _("Choose one of your roles.")}, status=400)


@login_required
@require_POST
def switch_scope(request):
    """Choose the active membership (or, for platform admins, the active municipality)."""
    value = small_int(request.POST.get("value"))
    if value is None:
        return _not_your_role(request)
    if request.user.is_superuser:
        if not municipalities_for_platform_admin().filter(pk=value).exists():
            return _not_your_role(request)
        request.session[ACTIVE_MUNICIPALITY_KEY] = value
    else:
        if not memberships_of(request.user).filter(pk=value).exists():
            return _not_your_role(request)
        request.session[ACTIVE_MEMBERSHIP_KEY] = value
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)

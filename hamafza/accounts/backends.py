from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from hamafza.accounts.identity import resolve_account


class UsernameOrMobileBackend(ModelBackend):
    """Log in with a username or an Iranian mobile number (in any digits)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = resolve_account(username)
        if user is None:
            get_user_model()().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

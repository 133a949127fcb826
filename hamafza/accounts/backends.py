from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from hamafza.core.persian import to_latin_digits
from hamafza.core.validators import normalize_mobile


class UsernameOrMobileBackend(ModelBackend):
    """Log in with a username or an Iranian mobile number (in any digits)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        identifier = to_latin_digits(username).strip()
        mobile = normalize_mobile(identifier)
        user = None
        if (
            len(mobile) == 11
            and mobile.startswith("09")
            and mobile.isascii()
            and mobile.isdecimal()
        ):
            user = User.objects.filter(mobile=mobile).first()
        if user is None:
            user = User.objects.filter(username__iexact=identifier).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

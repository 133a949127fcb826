"""API authentication: bearer tokens (ApiToken) or the browser session; both set request.scope."""

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from hamafza.accounts.models import ApiToken
from hamafza.org.middleware import scope_for_user


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.live()
            .select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.scope = scope_for_user(found.user)
        return found.user


class ScopedSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.scope = scope_for_user(user, request.session)
        return user

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.core.persian import search_key
from hamafza.core.validators import validate_mobile


class User(AbstractUser):
    """A person. Their roles live in org.Membership; login is by username or mobile number."""

    mobile = models.CharField(
        _("mobile number"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_mobile],
        error_messages={"unique": _("Another account already uses this mobile number.")},
    )

    # Names, username and mobile folded by core.persian.search_key; the names stay as typed.
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = UserManager()

    SEARCH_FIELDS = ("first_name", "last_name", "username", "mobile")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def set_password(self, raw_password):
        old = self.password
        super().set_password(raw_password)
        # Django also sets the same password again to upgrade its hash on login: not a change.
        if not (old and raw_password is not None and check_password(raw_password, old)):
            self._password_changed = True

    def save(self, *args, **kwargs):
        self.search_text = " ".join(search_key(getattr(self, f) or "") for f in self.SEARCH_FIELDS)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
        if getattr(self, "_password_changed", False) and self.pk:
            # a new password (changed or reset) ends every API token made under the old one
            self._password_changed = False
            ApiToken.revoke_all(self)


class ApiToken(models.Model):
    """A bearer token for the REST API. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @classmethod
    def live(cls):
        """Tokens that open the API: not revoked, not expired."""
        now = timezone.now()
        return cls.objects.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    @classmethod
    def revoke_all(cls, user) -> int:
        """End every live token of ``user`` (a password change or reset, the end of a role)."""
        return cls.live().filter(user=user).update(revoked_at=timezone.now())

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        days = settings.API_TOKEN_DAYS
        token = cls.objects.create(
            user=user, name=name, key_hash=cls.hash_key(key), prefix=key[:8],
            expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
        )  # fmt: skip
        return token, key

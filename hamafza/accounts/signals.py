"""The per-account login delay: failures are counted per account (every spelling of it, from any
address); past a few, each account may be tried only once every few seconds, whoever tries. A
stranger can slow an account down this way, never lock its owner out: the lock-out itself
(django-axes) is per account *and* address."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from hamafza.accounts.identity import account_key
from hamafza.core import ratelimit

FAILURE_WINDOW = 15 * 60  # seconds over which failures of one account are counted
SLOW_AFTER = 10  # failures of one account before its attempts are spaced out
MAX_SPACING = 60  # seconds, at most, between two attempts on a slowed account


def failures_key(key: str) -> str:
    return f"login-fail:{key}"


def spacing(failures: int) -> int:
    """Seconds between two attempts on an account with ``failures`` recent failures (0: none)."""
    if failures < SLOW_AFTER:
        return 0
    return min(MAX_SPACING, 5 * (failures - SLOW_AFTER + 1))


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    ratelimit.hit(failures_key(account_key(credentials.get("username"))), window=FAILURE_WINDOW)


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    ratelimit.clear(failures_key(f"user:{user.pk}"))

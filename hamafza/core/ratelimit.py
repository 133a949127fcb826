"""The one rate-limit rule: a counter per key in the shared cache, over a fixed window.

Every limiter of the platform (password reset, QR check-in, the login's per-account delay) counts
here, and every one that keys on an address takes it from ``core.net.client_address``, which
knows how many proxies stand in front of the app. The cache is shared by all workers in
production (``CACHE_URL``, Redis), so a limit holds across processes and hosts.
"""

from django.core.cache import cache

from hamafza.core.net import client_address

PREFIX = "rl:"


def count(key: str) -> int:
    return cache.get(PREFIX + key) or 0


def hit(key: str, *, window: int) -> int:
    """Count one more event for ``key``; the window starts with the first one. Returns the count."""
    full = PREFIX + key
    cache.add(full, 0, timeout=window)
    try:
        return cache.incr(full)
    except ValueError:  # the window ended between add and incr
        cache.set(full, 1, timeout=window)
        return 1


def allow(key: str, *, limit: int, window: int) -> bool:
    """Count an attempt and say whether it is within ``limit`` per ``window`` seconds."""
    return hit(key, window=window) <= limit


def over(key: str, *, limit: int) -> bool:
    """Whether ``key`` has already reached ``limit`` (without counting)."""
    return count(key) >= limit


def clear(key: str) -> None:
    cache.delete(PREFIX + key)


# Limits of the anonymous doors (per client address and target, and per target from anywhere,
# over ANONYMOUS_WINDOW seconds). Generous enough for a class answering on the school's wifi
# behind one address; small enough that a script cannot fill a session or stuff a survey.
ANONYMOUS_WINDOW = 10 * 60
ANONYMOUS_LIMITS = {
    "register": (10, 120),  # public registration: per address, per session
    "survey": (60, 400),  # a survey's shared link handing out personal links
    "test": (60, 400),  # a knowledge test's shared link
}


def anonymous_allowed(request, door: str, target) -> bool:
    """Count one use of an anonymous ``door`` (see ANONYMOUS_LIMITS) for ``target`` (a session,
    a survey occasion) from this request's client address; False once either limit is passed."""
    per_address, per_target = ANONYMOUS_LIMITS[door]
    by_address = allow(
        f"{door}:ip:{client_address(request)}:{target}", limit=per_address, window=ANONYMOUS_WINDOW
    )
    by_target = allow(f"{door}:target:{target}", limit=per_target, window=ANONYMOUS_WINDOW)
    return by_address and by_target

"""The address a request came from, behind as many reverse proxies as the deployment declares."""

from django.conf import settings


def client_address(request) -> str:
    """REMOTE_ADDR, or with ``TRUSTED_PROXIES`` = n > 0 the n-th address from the right of
    X-Forwarded-For (each trusted proxy appends the address it saw; anything further left was
    written by the client and cannot be trusted)."""
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    return hops[-proxies] if len(hops) >= proxies else remote

"""Counting requests in the cache for the portal's throttles (password reset, survey answers): one
counter per key that the cache forgets after its window, and the client's address read as
django-axes reads it behind the proxy (REMOTE_ADDR alone is the proxy's)."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest


def over_limit(key: str, limit: int, window: int) -> bool:
    """Count one more request under ``key``; True once the count within ``window`` seconds is over
    ``limit``."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def client_address(request: HttpRequest) -> str:
    return get_client_ip_address(request) or ""

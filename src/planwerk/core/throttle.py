"""Throttling public posting per client address, through the shared cache."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def throttled(request: HttpRequest, scope: str, *, limit: int, window: int) -> bool:
    """Count one more request of this client in this scope; True once over the limit."""
    key = f"throttle:{scope}:{client_key(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit

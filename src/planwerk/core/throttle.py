"""Throttling public posting, through the shared cache.

Counts live in the default cache, which every worker and app server shares (the
database or Redis, see settings.CACHES), so a limit holds per installation.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The visitor's address: from the trusted proxy's header where one is configured,
    else the address the request came from.

    Each proxy appends the address it received the request from to X-Forwarded-For,
    so with N trusted proxies the Nth entry from the right was written by the
    outermost of them; anything left of it was sent by the visitor and may be forged.
    A missing or malformed entry falls back to the connecting address.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    header = settings.TRUSTED_PROXY_HEADER
    if not header:
        return remote
    meta_key = "HTTP_" + header.upper().replace("-", "_")
    entries = [entry.strip() for entry in request.META.get(meta_key, "").split(",")]
    entries = [entry for entry in entries if entry]
    count = settings.TRUSTED_PROXY_COUNT
    if len(entries) < count:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        return remote


def digest(value: str) -> str:
    """A short one-way key for an address or other identifying text."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def client_key(request: HttpRequest) -> str:
    """A key for the visitor's address (see `client_address`), without storing it."""
    return digest(client_address(request))


def throttled(
    request: HttpRequest, scope: str, *, limit: int, window: int, key: str | None = None
) -> bool:
    """Count one more request in this scope; True once over the limit in the window.

    Counts per client address, or per `key` where given (e.g. a contact address; it
    is stored only as a digest). The window is fixed: it starts with the first count.
    """
    who = digest(key) if key is not None else client_key(request)
    name = f"throttle:{scope}:{who}"
    cache.add(name, 0, timeout=window)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between the two calls
        cache.set(name, 1, timeout=window)
        count = 1
    return count > limit


def throttled_writer(
    request: HttpRequest, scope: str, *, per_account: int, per_client: int, window: int
) -> bool:
    """Public writing (comments, proposals): counted per account and per visitor's
    address; True once either is over its limit in the window."""
    account = throttled(
        request, scope, limit=per_account, window=window, key=f"account:{request.user.pk}"
    )
    client = throttled(request, f"{scope}-client", limit=per_client, window=window)
    return account or client

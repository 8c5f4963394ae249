"""Rate limits in the Django cache, and the client's address behind our own proxies.

Generic: the residents' forms (``consultation.ratelimit``) and the password reset
(``partnership.views``) count through ``hit``. A limit is “``count`` submissions in
``seconds``”. The first submission starts the window (``cache.add`` with the window as
timeout) and each one after it is counted with ``cache.incr``, which is atomic in Redis
and in the local-memory cache and does not reset the key's expiry: two processes cannot
both take the last place.

The client address is ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` says how many
proxies of our own sit in front of the portal; then it is read from ``X-Forwarded-For``
counting that many entries from the right, which a client cannot forge (anything the
client sends lands further left).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class RateLimited(Exception):
    """Too many submissions from one address or one email in the window."""

    def __init__(self, scope: str, seconds: int):
        super().__init__(scope)
        self.scope = scope
        self.seconds = seconds


def _valid_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The address of whoever sent the request, as far as our own proxies can vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not come through them all.
        return remote
    candidate = forwarded[-proxies]
    return candidate if _valid_ip(candidate) else remote


def fingerprint(request: HttpRequest) -> str:
    """A one-way hash of the client's address: tells reporters apart without keeping their address."""
    return hashlib.sha256((client_ip(request) + settings.SECRET_KEY).encode()).hexdigest()


def _key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(f"{scope}\x1f{identity}".encode()).hexdigest()[:40]
    return f"ratelimit:{scope}:{digest}"


def hit(scope: str, identity: str, *, count: int, seconds: int) -> bool:
    """Count one submission for ``identity`` in ``scope``; ``False`` once over ``count`` in ``seconds``."""
    key = _key(scope, identity)
    cache.add(key, 0, timeout=seconds)
    try:
        counted = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts
        cache.add(key, 1, timeout=seconds)
        counted = 1
    return counted <= count


def too_many_requests(request: HttpRequest, exc: RateLimited, template_name: str) -> HttpResponse:
    """A friendly 429 that says when to try again. It shows nothing of what was sent."""
    minutes = max(1, math.ceil(exc.seconds / 60))
    response = render(request, template_name, {"minutes": minutes}, status=429)
    response["Retry-After"] = str(exc.seconds)
    return response

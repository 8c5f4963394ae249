"""Rate limits on residents' forms, per client address and per email, in the Django cache.

A limit is “``count`` submissions in ``seconds``”. The first submission starts the
window (``cache.add`` with the window as timeout) and each one after it is counted with
``cache.incr``, which is atomic in Redis and in the local-memory cache and does not
reset the key's expiry: two processes cannot both take the last place.

Limits can be changed per scope with ``CONSULTATION_RATE_LIMITS``::

    CONSULTATION_RATE_LIMITS = {"comment": (5, 600), "report": (10, 600)}

The client address is read by ``partnership.client_address.client_ip`` (behind our own
proxies, from the right of ``X-Forwarded-For``), the reader the sign-in lockout uses too.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from partnership.client_address import client_ip

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "comment": (5, 600),  # comments and replies: 5 in 10 minutes
    "report": (10, 600),
    "suggestion": (5, 600),
    "response": (5, 600),  # consultation responses
    "request": (5, 600),  # workshop and mailing-list requests
}


class RateLimited(Exception):
    """Too many submissions from one address or one email in the window."""

    def __init__(self, scope: str, seconds: int):
        super().__init__(scope)
        self.scope = scope
        self.seconds = seconds


def limits_for(scope: str) -> tuple[int, int]:
    configured = getattr(settings, "CONSULTATION_RATE_LIMITS", None) or {}
    count, seconds = configured.get(scope, DEFAULT_LIMITS[scope])
    return int(count), int(seconds)


def fingerprint(request: HttpRequest) -> str:
    """A one-way hash of the client's address: tells reporters apart without keeping their address."""
    return hashlib.sha256((client_ip(request) + settings.SECRET_KEY).encode()).hexdigest()


def _key(scope: str, identity: str) -> str:
    digest = hashlib.sha256(f"{scope}\x1f{identity}".encode()).hexdigest()[:40]
    return f"consultation:ratelimit:{scope}:{digest}"


def hit(scope: str, identity: str) -> bool:
    """Count one submission for ``identity``; ``False`` once it is over the scope's limit."""
    count_allowed, seconds = limits_for(scope)
    key = _key(scope, identity)
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window starts
        cache.add(key, 1, timeout=seconds)
        count = 1
    return count <= count_allowed


def check(request: HttpRequest, scope: str, *, email: str = "") -> None:
    """Count a submission from this request (and this email); raise ``RateLimited`` beyond the limit."""
    allowed = hit(scope, "ip:" + client_ip(request))
    if email:
        allowed = hit(scope, "email:" + email.strip().lower()) and allowed
    if not allowed:
        raise RateLimited(scope, limits_for(scope)[1])

"""Rate limits in the Django cache, counted per client address (``partnership.client_address``) or email.

Generic: the residents' forms (``consultation.ratelimit``) and the password reset
(``partnership.views``) count through ``hit``. A limit is “``count`` submissions in
``seconds``”. The first submission starts the window (``cache.add`` with the window as
timeout) and each one after it is counted with ``cache.incr``, which is atomic in Redis
and in the local-memory cache and does not reset the key's expiry: two processes cannot
both take the last place.
"""

from __future__ import annotations

import hashlib
import math

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .client_address import client_ip


class RateLimited(Exception):
    """Too many submissions from one address or one email in the window."""

    def __init__(self, scope: str, seconds: int):
        super().__init__(scope)
        self.scope = scope
        self.seconds = seconds


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

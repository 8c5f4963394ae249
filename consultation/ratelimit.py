"""Rate limits on residents' forms, per client address and per email.

The counting and the client's address are ``partnership.ratelimit``'s; this module knows
the residents' scopes and their limits, which can be changed per scope with
``CONSULTATION_RATE_LIMITS``::

    CONSULTATION_RATE_LIMITS = {"comment": (5, 600), "report": (10, 600)}
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from partnership import ratelimit as counting
from partnership.ratelimit import RateLimited, client_ip, fingerprint

__all__ = ["DEFAULT_LIMITS", "RateLimited", "check", "client_ip", "fingerprint", "hit", "limits_for"]

DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "comment": (5, 600),  # comments and replies: 5 in 10 minutes
    "report": (10, 600),
    "suggestion": (5, 600),
    "response": (5, 600),  # consultation responses
    "request": (5, 600),  # workshop and mailing-list requests
}


def limits_for(scope: str) -> tuple[int, int]:
    configured = settings.CONSULTATION_RATE_LIMITS
    count, seconds = configured.get(scope, DEFAULT_LIMITS[scope])
    return int(count), int(seconds)


def hit(scope: str, identity: str) -> bool:
    """Count one submission for ``identity``; ``False`` once it is over the scope's limit."""
    count, seconds = limits_for(scope)
    return counting.hit(scope, identity, count=count, seconds=seconds)


def check(request: HttpRequest, scope: str, *, email: str = "") -> None:
    """Count a submission from this request (and this email); raise ``RateLimited`` beyond the limit."""
    allowed = hit(scope, "ip:" + client_ip(request))
    if email:
        allowed = hit(scope, "email:" + email.strip().lower()) and allowed
    if not allowed:
        raise RateLimited(scope, limits_for(scope)[1])

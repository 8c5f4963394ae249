"""The one reader of a request's client address: rate limits and the sign-in lockout both use it.

The client address is ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` says how many
proxies of our own sit in front of the portal; then it is read from ``X-Forwarded-For``
counting that many entries from the right. Each of our proxies appends the address it
received the request from, so those entries are ours; anything the client sends itself
lands further left, where it is never read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The address of whoever sent the request, as far as our own proxies can vouch for it.

    Also django-axes' ``AXES_CLIENT_IP_CALLABLE``, so that a lockout counts by the client
    and not by the proxy every client comes through. An empty string when the request
    has no address at all (``Client.force_login`` makes one): axes stores that as NULL.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not come through them all.
        return remote
    candidate = forwarded[-proxies]
    return candidate if _valid_ip(candidate) else remote

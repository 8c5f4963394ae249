"""Absolute links to the portal, for emails and anything read away from the site."""

from __future__ import annotations

from django.conf import settings


def portal_url(path: str) -> str:
    """``PORTAL_BASE_URL`` followed by the path (``make run`` sets it from its HOST and PORT)."""
    return f"{settings.PORTAL_BASE_URL}{path}"

"""What WeasyPrint may fetch while it renders the annual report: the portal's own static files and ``data:`` URIs.

WeasyPrint's default fetcher opens any URL a document names: ``file:///etc/passwd``, or
``http://127.0.0.1/`` and anything else the worker can reach. The report's content is
escaped, so today nothing but our own templates names a URL; this fetcher makes that
hold whatever a template or a piece of content gets wrong later.

Static files are addressed as ``STATIC_BASE_URL + path`` (the report's ``base_url``, on a
host under ``.invalid`` that can never resolve) and read through the staticfiles finders,
or from ``STATIC_ROOT`` once collected, never from the network or an arbitrary path.
Anything else is refused, with a warning naming the URL.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from typing import IO
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The origin the report's static files are addressed from. ``.invalid`` never resolves
# (RFC 2606), so even a fetcher that went to the network with it would reach nothing.
STATIC_ORIGIN = "https://portal.invalid/"


def static_base_url() -> str:
    return urljoin(STATIC_ORIGIN, settings.STATIC_URL)


def static_url(path: str) -> str:
    """The URL the report's fetcher serves ``path`` (as given to ``{% static %}``) from."""
    return static_base_url() + path


class RefusedURL(ValueError):
    """A URL the report may not fetch."""


class PortalStaticFetcher(URLFetcher):
    """A WeasyPrint fetcher that serves ``data:`` URIs and the portal's static files, and refuses everything else."""

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
        opened = _open_static(url)
        if opened is None:
            logger.warning("The annual report's renderer refused to fetch %s: only static files and data: URIs.", url)
            raise RefusedURL(f"Refused to fetch {url}: the report may only use the portal's static files.")
        path, body = opened
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def static_path(url: str) -> str | None:
    """The static file's name (as ``{% static %}`` takes it) that ``url`` addresses, or None: no ``..``, no ``.``."""
    base = static_base_url()
    if not url.startswith(base):
        return None
    path = unquote(urlsplit(url[len(base) :]).path)
    if not path or "\\" in path or "\x00" in path or any(part in {"", ".", ".."} for part in path.split("/")):
        return None
    return path


def _open_static(url: str) -> tuple[str, IO[bytes]] | None:
    """The static file ``url`` names, opened: found by the finders, else collected in ``STATIC_ROOT``."""
    path = static_path(url)
    if path is None:
        return None
    found = finders.find(path)
    if found and os.path.isfile(found):
        return path, open(found, "rb")
    if staticfiles_storage.exists(path):
        return path, staticfiles_storage.open(path, "rb")
    return None

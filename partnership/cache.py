"""Caching of public pages, invalidated whenever anything they show changes.

Every public page's cache key includes a *content version*: one counter in the cache,
raised whenever the plan, approved data or published comments change. Raising it makes
every cached page stale at once, so a newly approved value or a newly published comment
shows immediately, with no list of keys to hunt down.

The counter is raised:
- by ``post_save``/``post_delete``/``m2m_changed`` of the models each app names in its
  ``AppConfig.ready()`` with ``invalidate_on(...)``;
- by services that write in bulk (``bulk_create`` and ``update`` send no signals), which
  call ``bump_content_version()`` themselves.

Only what every visitor sees alike is cached: anonymous GET requests with no pending
messages, answered 200, whose page did not use a CSRF token (a page with a form is never
shared, or one visitor's token would be served to the next: the form would not post).
"""

from __future__ import annotations

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

VERSION_KEY = "public-content-version"
logger = logging.getLogger(__name__)


def content_version() -> int:
    """The current content version. Raises if the cache is unreachable (callers decide)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**_ignored) -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not set yet (or evicted): any fresh value invalidates
            cache.set(VERSION_KEY, content_version() + 1, timeout=None)
    except Exception:  # the cache is down: its contents are gone with it, so nothing is stale
        logger.warning("cache unreachable: content version not raised", exc_info=True)


def invalidate_on(*models) -> None:
    """Raise the content version whenever one of ``models`` is saved, deleted or relinked."""
    for model in models:
        uid = f"public-cache-{model._meta.label}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-save", weak=False)
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}-delete", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                bump_content_version, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}", weak=False
            )


def _cacheable(request) -> bool:
    if request.method not in {"GET", "HEAD"} or request.user.is_authenticated:
        return False
    # Messages waiting to be shown belong to one visitor.
    return not any(True for _ in getattr(request, "_messages", ()) or ())


def public_page(view):
    """Cache a public view's response for anonymous visitors (``PUBLIC_PAGE_CACHE_SECONDS``, 0: off)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable(request):
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        try:
            key = f"public-page:{content_version()}:{digest}"
            cached = cache.get(key)
        except Exception:  # the cache is down: serve the page uncached rather than fail
            logger.warning("cache unreachable: serving %s uncached", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not response.cookies:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            try:
                cache.set(key, response, seconds)
            except Exception:
                logger.warning("cache unreachable: %s not stored", request.path, exc_info=True)
        return response

    return wrapper

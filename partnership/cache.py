"""Caching of public pages, invalidated whenever anything they show changes.

Every cached page is stored with the *content version* it was made at: a counter per
partnership in the cache, raised whenever that partnership's plan, approved data or
published comments change, beside one counter for all partnerships, raised by a change
whose partnership is not known (a bulk job across partnerships). Raising a partnership's
counter makes every cached page of that partnership stale at once, so a newly approved
value or a newly published comment shows immediately, with no list of keys to hunt down,
and leaves other partnerships' pages alone. Serving a page reads both counters and the
page in one round trip to the cache. The counters live in the shared cache (Redis in
production), never in a process, so every web node sees a change at once.

The counter is raised:
- by ``post_save``/``post_delete``/``m2m_changed`` of the models each app names in its
  ``AppConfig.ready()`` with ``invalidate_on(...)``;
- by services that write in bulk (``bulk_create`` and ``update`` send no signals), which
  call ``bump_content_version()`` themselves.

Only what every visitor sees alike is cached: anonymous GET requests with no pending
messages, answered 200. A page whose form carries a CSRF token is not shared as it is,
or one visitor's token would be served to the next. A view that opts in with
``@public_page(forms=True)`` is cached with *holes* instead: each per-visitor value in
the page (the CSRF token, and whatever ``register_hole`` adds, such as the residents'
forms' signed timestamp) is cut out before the page is stored and filled in afresh for
each visitor when it is served, with the CSRF cookie set as if the page had been
rendered for them. If a token used on the page is not found where a hole expects it,
the page is not cached.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token

from . import scope

VERSION_KEY = "public-content-version"  # raised by a change whose partnership is not known
logger = logging.getLogger(__name__)


def _fresh_counter_value() -> int:
    # A counter that is (re)created starts from the clock, never from a value it had
    # before it was evicted, so a piece cached under that old value cannot match again.
    return time.time_ns() // 1000


def _counter(key: str) -> int:
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh_counter_value(), timeout=None)
        value = cache.get(key)
    return value


def _bump(key: str) -> None:
    try:
        try:
            cache.incr(key)
        except ValueError:  # not set yet (or evicted): any fresh value invalidates
            cache.set(key, _fresh_counter_value(), timeout=None)
    except Exception:  # the cache is down: its contents are gone with it, so nothing is stale
        logger.warning("cache unreachable: %s not raised", key, exc_info=True)


def _partnership_version_key(partnership_id: int | None) -> str:
    return f"{VERSION_KEY}:{partnership_id}"


def _version_keys(partnership_id: int | None = None) -> list[str]:
    """The counters a partnership's pages (default: the active one's) are stamped with: all partnerships', its own."""
    return [VERSION_KEY, _partnership_version_key(scope.current_id() if partnership_id is None else partnership_id)]


def content_version(partnership_id: int | None = None) -> tuple[int, int]:
    """A partnership's content version (default: the active one's). Raises if the cache is unreachable."""
    return tuple(_counter(key) for key in _version_keys(partnership_id))


def bump_content_version(*, instance=None, partnership_id: int | None = None, **_ignored) -> None:
    """Make cached pages stale: the partnership's (given, the row's, or the active one), or every one's.

    A receiver of ``post_save`` and the like (``instance``), or called by a service."""
    if partnership_id is None:
        partnership_id = getattr(instance, "partnership_id", None) or scope.current_id()
    _bump(VERSION_KEY if partnership_id is None else _partnership_version_key(partnership_id))


def bump_content_version_on_commit() -> None:
    """``bump_content_version`` for the active partnership once the transaction in progress commits."""
    partnership_id = scope.current_id()
    transaction.on_commit(lambda: bump_content_version(partnership_id=partnership_id))


def counter_key(name: str, partnership_id: int | None = None) -> str:
    """A named counter of one partnership (default: the active one)."""
    return f"cache-counter:{name}:{scope.current_id() if partnership_id is None else partnership_id}"


def bump_counter(name: str, *, instance=None, **_ignored) -> None:
    """Raise a named counter (see ``fragment``) now, and again when the transaction in progress commits.

    Again, because a page made between the two from data not yet committed would
    otherwise be kept under the raised counter. The counter is the partnership's of
    ``instance`` (a signal's row) or the active one's."""
    key = counter_key(name, getattr(instance, "partnership_id", None))
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def count_changes_of(name: str, *models) -> None:
    """Raise the named counter whenever one of ``models`` is saved or deleted (see ``fragment``)."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                functools.partial(bump_counter, name),
                sender=model,
                dispatch_uid=f"cache-counter-{name}-{model._meta.label}-{signal is post_save}",
                weak=False,
            )


_CONNECTED: dict[str, tuple] = {}  # dispatch uid: (signal, sender)


def invalidate_on(*models) -> None:
    """Raise the content version whenever one of ``models`` is saved, deleted or relinked."""
    for model in models:
        uid = f"public-cache-{model._meta.label}"
        _CONNECTED[f"{uid}-save"] = (post_save, model)
        _CONNECTED[f"{uid}-delete"] = (post_delete, model)
        for field in model._meta.local_many_to_many:
            _CONNECTED[f"{uid}-{field.name}"] = (m2m_changed, field.remote_field.through)
    for uid, (signal, sender) in _CONNECTED.items():
        signal.connect(bump_content_version, sender=sender, dispatch_uid=uid, weak=False)


@contextlib.contextmanager
def invalidation_paused():
    """For bulk jobs (management commands, not requests): raise the content version once, at the end.

    While a model has a ``post_delete`` receiver Django cannot delete its rows in bulk: it
    loads every row and sends a signal for each (1.6 million measurements at scale 10).
    Inside this block the receivers of ``invalidate_on`` are disconnected, for every
    thread of the process, so it must not run inside a web worker.
    """
    for uid, (signal, sender) in _CONNECTED.items():
        signal.disconnect(sender=sender, dispatch_uid=uid)
    try:
        yield
    finally:
        for uid, (signal, sender) in _CONNECTED.items():
            signal.connect(bump_content_version, sender=sender, dispatch_uid=uid, weak=False)
        _bump(VERSION_KEY)  # a bulk job may have changed any partnership


def _cacheable(request) -> bool:
    if request.method not in {"GET", "HEAD"} or request.user.is_authenticated:
        return False
    # Messages waiting to be shown belong to one visitor.
    return not any(True for _ in getattr(request, "_messages", ()) or ())


@dataclass(frozen=True)
class Hole:
    """A per-visitor value in a cached page: ``pattern``'s first group is cut out, ``fill`` refills it."""

    name: str
    pattern: re.Pattern[str]
    fill: Callable[[HttpRequest], str]

    @property
    def marker(self) -> str:
        # NUL never reaches a page: residents' text refuses it and templates do not write it.
        return f"\x00{self.name}\x00"


_HOLES: dict[str, Hole] = {}


def register_hole(name: str, pattern: str, fill: Callable[[HttpRequest], str]) -> None:
    """Cut ``pattern``'s first group out of cached form pages; ``fill(request)`` puts a fresh value back."""
    _HOLES[name] = Hole(name, re.compile(pattern), fill)


# Django writes the token as ``<input type="hidden" name="csrfmiddlewaretoken" value="…">``.
register_hole("csrf", r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', get_token)


def _punch_holes(content: str) -> tuple[str, list[str]] | None:
    """The page with every per-visitor value cut out, and the holes used; None if a token escaped."""
    used = []
    for hole in _HOLES.values():
        values = {match.group(1) for match in hole.pattern.finditer(content)}
        for value in values:
            content = content.replace(value, hole.marker)
        if values:
            used.append(hole.name)
    return (content, used) if "csrf" in used else None


def _fill_holes(entry: dict, request: HttpRequest):
    response = entry["response"]
    content = entry["content"]
    for name in entry["holes"]:
        hole = _HOLES[name]
        content = content.replace(hole.marker, hole.fill(request))
    response.content = content
    return response


def _store(key: str, version: int, request: HttpRequest, response, seconds: int, *, forms: bool) -> None:
    if response.status_code != 200 or response.cookies:
        return
    if hasattr(response, "render") and callable(response.render):
        response.render()
    value = response
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page used a CSRF token
        punched = _punch_holes(response.content.decode(response.charset)) if forms else None
        if punched is None:
            return
        content, holes = punched
        # Stored with its content cut out: the response itself only carries the headers.
        carrier = HttpResponse(status=response.status_code)
        carrier.headers = response.headers.copy()
        value = {"response": carrier, "content": content, "holes": holes}
    try:
        cache.set(key, (version, value), seconds)
    except Exception:
        logger.warning("cache unreachable: %s not stored", request.path, exc_info=True)


def _asks_for(request: HttpRequest, reads: tuple[str, ...]) -> bool:
    """Whether the query string gives one of the parameters the view reads a value (empty: not given)."""
    return any(value for name in reads for value in request.GET.getlist(name))


def _without_query(request: HttpRequest) -> None:
    """Let the view see the bare path: what it makes is then the page stored under the path alone."""
    request.GET = QueryDict()
    request.META["QUERY_STRING"] = ""


def public_page(view=None, *, forms: bool = False, reads: tuple[str, ...] = ()):
    """Cache a public view's response for anonymous visitors (``PUBLIC_PAGE_CACHE_SECONDS``, 0: off).

    A page is stored under its path alone with the content version it was made at; one
    round trip to the cache reads both the current version and the page, and a page of an
    older version is made again. ``@public_page(forms=True)``: the page may carry forms;
    it is cached with holes for the per-visitor values (see the module's docstring).

    The query string is the visitor's to write, so it never makes a key of its own, or
    anyone could fill the cache with ``?utm=<random>``. ``reads`` names the query
    parameters the view reads (the comment pages' ``before``/``after`` cursors): a request
    that gives one a value is served uncached, since its values are open-ended too (a
    cursor may name any instant). Any other parameter is dropped before the view runs, so
    the page stored under the path cannot depend on it and is served for it.
    """
    if view is None:
        return functools.partial(public_page, forms=forms, reads=reads)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable(request) or _asks_for(request, reads):
            return view(request, *args, **kwargs)
        if request.META.get("QUERY_STRING"):
            _without_query(request)
        # The full path carries the partnership (``/dacorum/…``); a short path (a portal with
        # one partnership) is that partnership's, so the path alone names the page.
        key = "public-page:" + hashlib.sha256(request.path.encode()).hexdigest()[:32]
        version_keys = _version_keys()
        try:
            found = cache.get_many([*version_keys, key])
            version = tuple(found.get(k) or _counter(k) for k in version_keys)
        except Exception:  # the cache is down: serve the page uncached rather than fail
            logger.warning("cache unreachable: serving %s uncached", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        cached_version, cached = found.get(key) or (None, None)
        if cached_version == version:
            return _fill_holes(cached, request) if isinstance(cached, dict) else cached
        response = view(request, *args, **kwargs)
        _store(key, version, request, response, seconds, forms=forms)
        return response

    return wrapper


def fragment(key: str, make: Callable[[], str], *, seconds: int, counters: tuple[str, ...] = ()) -> str:
    """A rendered piece of a page, cached until what it shows changes.

    The piece is stored with the content version and the named ``counters`` it was made
    at (apps raise those with ``bump_counter``, e.g. when a return changes state) and made
    again when any of them has moved. ``key`` must name everything else the piece depends
    on (the query string, the viewer's reach, the date). ``seconds`` 0: not cached.
    """
    if not seconds:
        return make()
    stamp_keys = [*_version_keys(), *(counter_key(name) for name in counters)]
    # Each partnership's pieces are its own, whatever the caller's key says.
    key = f"{scope.current_id()}|{key}"
    piece_key = "fragment:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    try:
        found = cache.get_many([*stamp_keys, piece_key])
        stamp = tuple(found.get(k) or _counter(k) for k in stamp_keys)
    except Exception:
        logger.warning("cache unreachable: %s made afresh", key, exc_info=True)
        return make()
    cached_stamp, html = found.get(piece_key) or (None, None)
    if cached_stamp == stamp:
        return html
    html = make()
    try:
        cache.set(piece_key, (stamp, html), seconds)
    except Exception:
        logger.warning("cache unreachable: %s not stored", key, exc_info=True)
    return html

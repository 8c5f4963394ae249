"""System checks on how the portal is deployed.

The cache and the Celery broker must not share a Redis database: anonymous visitors
write to the cache (pages, rate-limit counters), and a cache full or flushed must never
cost a queued email or report build. Apart in one Redis instance is still not enough in
production, because ``maxmemory`` and its eviction policy are per instance: the cache
wants ``allkeys-lru``, a queue must never be evicted.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core import checks

_REDIS_SCHEMES = {"redis", "rediss"}
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _redis_server_and_db(url: str) -> tuple[tuple[str, int], int] | None:
    """``((host, port), db)`` of a ``redis://`` URL; None for anything else (local memory, AMQP)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in _REDIS_SCHEMES:
        return None
    host = (parts.hostname or "localhost").lower()
    server = ("loopback" if host in _LOOPBACK else host, parts.port or 6379)
    db_text = parts.path.strip("/") or parse_qs(parts.query).get("db", ["0"])[0]
    return server, int(db_text) if db_text.isdigit() else 0


def _cache_redis() -> list[tuple[tuple[str, int], int]]:
    cache = settings.CACHES["default"]
    if "redis" not in cache["BACKEND"].lower():
        return []
    locations = cache["LOCATION"]
    urls = locations.split(",") if isinstance(locations, str) else list(locations)
    return [found for url in urls if (found := _redis_server_and_db(url)) is not None]


@checks.register(checks.Tags.caches)
def cache_and_broker_in_different_redis_databases(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    broker = _redis_server_and_db(settings.CELERY_BROKER_URL)
    if broker is None or broker not in _cache_redis():
        return []
    return [
        checks.Error(
            "CACHE_URL and CELERY_BROKER_URL point at the same Redis database.",
            hint="Anonymous visitors fill the cache and clearing it would drop queued tasks: give the cache "
            "its own Redis instance (docs/DEPLOYMENT.md, “Redis”), or at least its own database number.",
            id="partnership.E001",
        )
    ]


@checks.register(checks.Tags.caches, deploy=True)
def cache_and_broker_in_different_redis_instances(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    broker = _redis_server_and_db(settings.CELERY_BROKER_URL)
    if broker is None:
        return []
    shared = [cache for cache in _cache_redis() if cache[0] == broker[0] and cache != broker]
    if not shared:
        return []
    return [
        checks.Warning(
            "CACHE_URL and CELERY_BROKER_URL use one Redis instance (different databases).",
            hint="maxmemory and its eviction policy are per instance: either the cache can use all the "
            "memory or eviction can drop queued tasks. Run the cache on its own Redis instance with "
            "maxmemory and allkeys-lru (docs/DEPLOYMENT.md, “Redis”).",
            id="partnership.W001",
        )
    ]


@checks.register(checks.Tags.caches, deploy=True)
def cache_shared_by_every_process(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        return []
    return [
        checks.Warning(
            "The cache is in each process's memory (CACHE_URL is not set).",
            hint="Rate limits, the public pages' content versions and the dashboard's counters would then be "
            "per process: each gunicorn worker and each web node would count and cache on its own. Set "
            "CACHE_URL to a Redis database shared by every node (docs/DEPLOYMENT.md, “Redis”).",
            id="partnership.W002",
        )
    ]

"""``/health/``: is this process able to serve? For load balancers and monitoring.

Checks the database (a real query), the cache (a write and a read) and, when a broker is
configured, that it accepts a connection. Answers 200 with each check's result, or 503
naming what failed; never cached, never needs a login, reveals no configuration.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache.set("health-check", "ok", 10)
    if cache.get("health-check") != "ok":
        raise RuntimeError("cache read back nothing")


def _broker() -> None:
    if not settings.CELERY_BROKER_URL:
        return
    from partnership.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
def health(request):
    results, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception:  # any failure means "not healthy"; details go to the log, not the client
            logging.getLogger("partnership.health").exception("health check %s failed", name)
            results[name] = "failing"
            healthy = False
        else:
            results[name] = f"ok ({(time.perf_counter() - started) * 1000:.0f} ms)"
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": results}, status=200 if healthy else 503)

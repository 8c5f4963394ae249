"""The report worker of the embedded default: builds annual reports in the background with no broker.

With no ``CELERY_BROKER_URL`` Celery runs tasks in-process, which for a build of half a
minute or more would hold the request that asked for it. So in that set-up builds are
not sent to Celery: the queued ``AnnualReport`` rows are the queue, and this loop (run by
``manage.py run_report_worker``, which ``make run`` starts beside the web server) takes
them one at a time with ``services.annual_report_build_next``.

A process of its own, not a thread of the web server: WeasyPrint's layout is Python that
holds the interpreter for seconds at a time, which would stall the very status page that
shows the build's progress, and ``runserver`` restarts its process on every code change.
The lease and heartbeat every build keeps (``reports.services``) make a worker that dies
mid-build harmless: the next worker takes the build over once the lease has run out.
The browser tests run the same loop in a thread (their SQLite database lives in memory).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from django.db import close_old_connections, connections

from . import services

logger = logging.getLogger(__name__)

HOUSEKEEPING_SECONDS = 300  # as beat's requeue_stale_builds: stuck builds, files no report names
LONGEST_BACKOFF_SECONDS = 60


def run(
    *,
    stop: threading.Event,
    poll_seconds: float = 1.0,
    parent_pid: int | None = None,
    say: Callable[[str], None] = logger.info,
) -> None:
    """Build waiting reports until ``stop`` is set (or the process ``parent_pid`` has gone).

    Between builds it looks for a waiting one every ``poll_seconds``: one indexed query.
    An error is logged and the next look waits longer each time (up to a minute), so a
    database that is down is not hammered.
    """
    failures = 0
    housekeeping_due = time.monotonic()  # once at the start, then every HOUSEKEEPING_SECONDS
    try:
        while not stop.is_set():
            if parent_pid is not None and os.getppid() != parent_pid:
                say("The process that started the report worker has gone: stopping.")
                return
            close_old_connections()
            wait = poll_seconds
            try:
                if time.monotonic() >= housekeeping_due:
                    services.requeue_stale_builds()
                    housekeeping_due = time.monotonic() + HOUSEKEEPING_SECONDS
                outcome = services.annual_report_build_next()
            except Exception:
                failures += 1
                wait = min(LONGEST_BACKOFF_SECONDS, poll_seconds * 2**failures)
                logger.exception("The report worker could not build a report; it tries again in %.0f s.", wait)
            else:
                failures = 0
                if outcome is not None and outcome.report is not None and (outcome.built or outcome.failed):
                    report = outcome.report
                    say(f"{report}: {report.get_status_display().lower()}.")
                    wait = 0  # another may be waiting
            stop.wait(wait)
    finally:
        connections.close_all()

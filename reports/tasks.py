"""Celery tasks for the annual report: thin wrappers around ``reports.services``.

The build runs on its own queue, ``pdf``, so that a long WeasyPrint render never holds up
the reminder emails. Workers must consume it: ``celery -A partnership worker -Q pdf,celery``.
The queue is given where the task is sent (``services.enqueue_build``) and belongs in
``CELERY_TASK_ROUTES`` too, not in the decorator: Celery 5.7 deprecates the ``queue`` task
attribute (it stops working in 6.0).

How a build survives its worker dying (the design is in docs/ARCHITECTURE.md):

* a pool child killed (memory cap, hard time limit) while its worker lives on:
  ``acks_late`` with ``reject_on_worker_lost`` puts the message back at once, and the
  redelivered copy takes the build over;
* the whole worker killed (SIGKILL, a lost machine): its unacknowledged message comes back
  from Redis only after the broker's ``visibility_timeout`` (an hour). So when a worker
  starts (``worker_ready``) it sends every build in progress again, to be looked at when
  the build's lease runs out (``REPORT_BUILD_LEASE_SECONDS`` without a heartbeat): a
  restarted worker resumes an interrupted build within about that long;
* beat's ``reports.requeue_stale_builds`` is the last line, for a worker that never comes back.

A redelivered message takes a build over without waiting for its lease; that is safe
because Redis redelivers only after ``visibility_timeout`` (an hour), far beyond a
build's hard time limit, by which time the first build has finished or been killed.
"""

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import OperationalError, connections

from partnership.files import STORAGE_ERRORS

from . import services

logger = logging.getLogger(__name__)

PDF_QUEUE = "pdf"


@shared_task(
    bind=True,
    name="reports.build_annual_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT_SECONDS,
    time_limit=settings.REPORT_TIME_LIMIT_SECONDS,
    autoretry_for=(OperationalError, *STORAGE_ERRORS),  # the disk or the object store
    retry_backoff=True,
    max_retries=3,
)
def build_annual_report(self, report_id: int) -> str:
    """Build one annual report. Safe to receive twice: a finished report, or one another worker is building, is
    left alone; a message redelivered because its worker died takes the build over."""
    outcome = services.annual_report_build(
        report_id=report_id,
        final_attempt=self.request.retries >= self.max_retries,
        redelivered=bool((self.request.delivery_info or {}).get("redelivered")),
    )
    return outcome.report.status if outcome.report is not None else "missing"


@shared_task(name="reports.requeue_stale_builds")
def requeue_stale_builds() -> int:
    """Every few minutes (beat): send again the builds that will not finish by themselves."""
    return services.requeue_stale_builds()


@worker_ready.connect
def resume_interrupted_builds(sender=None, **kwargs) -> None:
    """A worker has started: resume the builds a worker that died left behind, once their lease runs out."""
    try:
        services.resume_interrupted_builds()
    except Exception:  # a worker must start even if the database is not there yet; beat catches up
        logger.exception("Could not look for interrupted annual report builds.")
    finally:
        connections.close_all()  # the main process must not hand its connection to forked children

"""Celery tasks for the annual report: thin wrappers around ``reports.services``.

The build runs on its own queue, ``pdf``, so that a long WeasyPrint render never holds up
the reminder emails. Workers must consume it: ``celery -A partnership worker -Q pdf,celery``.
The queue is given where the task is sent (``services.enqueue_build``) and belongs in
``CELERY_TASK_ROUTES`` too, not in the decorator: Celery 5.7 deprecates the ``queue`` task
attribute (it stops working in 6.0).

``acks_late`` with ``reject_on_worker_lost``: a worker killed mid-build leaves the message
unacknowledged, and the broker delivers it again (with Redis, after its
``visibility_timeout``); the beat task ``reports.requeue_stale_builds`` is the second line.
"""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from . import services

PDF_QUEUE = "pdf"

SOFT_TIME_LIMIT = getattr(settings, "REPORT_SOFT_TIME_LIMIT_SECONDS", 300)
TIME_LIMIT = getattr(settings, "REPORT_TIME_LIMIT_SECONDS", SOFT_TIME_LIMIT + 60)


@shared_task(
    bind=True,
    name="reports.build_annual_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
    autoretry_for=(OperationalError, OSError),
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

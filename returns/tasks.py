"""Celery tasks for quarterly returns: thin wrappers that call the module doing the work.

Their registered names still start ``indicators.``, the app they were written in: beat's
schedule (``CELERY_BEAT_SCHEDULE``) and tasks already queued in the broker call them by name.
"""

from celery import shared_task
from django.db import OperationalError

from . import imports, notifications, reminders


@shared_task(
    name="indicators.send_return_reminders",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def send_return_reminders_task() -> dict[str, int]:
    """Daily (beat: ``return-reminders``). Idempotent, so a retry or a second run sends nothing twice."""
    return reminders.send_return_reminders()


@shared_task(name="indicators.purge_import_uploads")
def purge_import_uploads_task() -> int:
    """Daily: delete uploads stashed for a preview that nobody confirmed."""
    return imports.import_stash_purge()


@shared_task(
    name="indicators.send_return_notification",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def send_return_notification_task(return_id: int, event: str, by_id: int | None = None) -> int:
    """Queued by the workflow services on commit: tell the people a return's step concerns."""
    return notifications.return_notification_send(return_id=return_id, event=event, by_id=by_id)

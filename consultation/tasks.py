"""Celery tasks for residents' email and housekeeping: thin wrappers, an id in, a module call out.

The services queue the email tasks with ``transaction.on_commit``. Two run daily from
celery beat (the entries belong in ``CELERY_BEAT_SCHEDULE``)::

    "consultation-closing-reminders": {"task": "consultation.send_closing_reminders",
                                       "schedule": crontab(hour=8, minute=0)},
    "purge-consultation-data": {"task": "consultation.purge_consultation_data",
                                "schedule": crontab(hour=3, minute=45)},
"""

from celery import shared_task
from django.db import OperationalError

from . import emails, services

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="consultation.send_confirmation", **RETRY)
def send_confirmation_task(kind: str, pk: int) -> bool:
    return emails.send_confirmation(kind, pk)


@shared_task(name="consultation.send_comment_published", **RETRY)
def send_comment_published_task(pk: int) -> bool:
    return emails.send_comment_published(pk)


@shared_task(name="consultation.send_comment_responded", **RETRY)
def send_comment_responded_task(pk: int) -> bool:
    return emails.send_comment_responded(pk)


@shared_task(name="consultation.send_suggestion_answered", **RETRY)
def send_suggestion_answered_task(pk: int) -> bool:
    return emails.send_suggestion_answered(pk)


@shared_task(name="consultation.send_closing_soon", **RETRY)
def send_closing_soon_task(pk: int) -> int:
    return emails.send_closing_soon(pk)


@shared_task(name="consultation.send_closing_reminders", **RETRY)
def send_closing_reminders_task() -> list[int]:
    """Daily. Idempotent through ``Consultation.closing_reminder_sent_at``."""
    return services.consultation_closing_reminders_send()


@shared_task(name="consultation.purge_consultation_data", **RETRY)
def purge_consultation_data_task() -> dict[str, int]:
    """Daily: delete rejected and never-confirmed items older than ``CONSULTATION_RETENTION_DAYS``."""
    return services.consultation_data_purge()

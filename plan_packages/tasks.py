"""Celery tasks for plan packages: thin wrappers around ``plan_packages.services``."""

from celery import shared_task

from . import services


@shared_task(name="plan_packages.purge_package_uploads")
def purge_package_uploads_task() -> int:
    """Daily (beat: ``purge-plan-package-uploads``): delete packages previewed but never imported."""
    return services.package_uploads_purge()

"""Celery tasks for accounts: thin wrappers, queued with ``transaction.on_commit``."""

from celery import shared_task
from django.contrib.auth.forms import PasswordResetForm


@shared_task(name="partnership.send_password_reset")
def send_password_reset_task(email: str, domain: str, use_https: bool) -> None:
    """Email a reset link to each active account that uses ``email`` (none: nothing is sent).

    Django's own form finds the accounts and writes the message, as its view would
    have done in the request; ``domain`` is the host the request came to.
    """
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(domain_override=domain, use_https=use_https)

"""The Celery application.

With no ``CELERY_BROKER_URL`` set, settings turn on ``task_always_eager`` so that the
embedded default (SQLite, no Redis) still runs every task in-process; annual report
builds are the exception, left in their table for ``manage.py run_report_worker``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")

app = Celery("partnership")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

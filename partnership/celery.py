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


# --- Tasks run for the partnership they were queued for -----------------------------------------
# The partnership active when a task is queued travels in the message's headers; the worker
# works for it while the task runs (partnership.scope): its managers are scoped, and on
# PostgreSQL every transaction the task makes, and every statement it makes outside one,
# carries ``lsp.partnership`` for that transaction only. Tasks commit in steps (the report
# build's heartbeat), and nothing is set for the connection's session, so a worker may
# connect through a pooler in transaction mode like the web nodes (docs/DEPLOYMENT.md).

from celery.signals import before_task_publish, task_postrun, task_prerun  # noqa: E402

SCOPE_HEADER = "lsp_partnership"


@before_task_publish.connect(dispatch_uid="partnership_scope_header")
def _carry_the_partnership(headers=None, **_ignored) -> None:
    from . import scope

    if headers is not None:
        headers[SCOPE_HEADER] = "*" if scope.is_everywhere() else scope.current_id()


@task_prerun.connect(dispatch_uid="partnership_scope_enter")
def _enter_the_partnership(task=None, **_ignored) -> None:
    from . import scope

    if task is None or task.request.is_eager:
        return  # run in the caller's process, in the caller's scope
    value = getattr(task.request, SCOPE_HEADER, None)
    import logging

    logging.getLogger("partnership.scope").info(
        "%s works for partnership %s", task.name, "everywhere" if value in ("*", None, "") else value
    )
    task.request._partnership_token = scope.enter_for_task(value)


@task_postrun.connect(dispatch_uid="partnership_scope_leave")
def _leave_the_partnership(task=None, **_ignored) -> None:
    from . import scope

    token = getattr(getattr(task, "request", None), "_partnership_token", None)
    if token is not None:
        scope.leave_for_task(token)

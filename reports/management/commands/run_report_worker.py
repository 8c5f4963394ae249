"""``python manage.py run_report_worker``: build annual reports in the background when there is no Celery broker.

``make run`` starts it beside the web server and stops it with the server. It refuses to
start when a broker is configured: the Celery worker on the ``pdf`` queue builds them then.
Ctrl-C or SIGTERM stops it; a build it was running goes back to the queue, for the next
worker to start at once (``reports.worker`` says why a process and how a build survives).
"""

from __future__ import annotations

import os
import signal
import threading

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports import services, worker


class Command(BaseCommand):
    help = "Build queued annual reports in this process (the embedded default, with no Celery broker)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--poll", type=float, default=1.0, help="Seconds between looks for a waiting build (default 1)."
        )
        parser.add_argument(
            "--exit-with-parent",
            action="store_true",
            help="Stop when the process that started this one has gone (make run uses it).",
        )

    def handle(self, *args, poll: float, exit_with_parent: bool, **options) -> None:
        if not services.builds_wait_in_the_table():
            raise CommandError(
                "A Celery broker is configured (CELERY_BROKER_URL): the Celery worker builds the reports. "
                "Run: celery -A partnership worker -Q celery,pdf"
            )
        if poll <= 0:
            raise CommandError("--poll must be more than 0 seconds.")
        # A background job of a non-interactive shell starts with SIGINT ignored: take it back,
        # so that Ctrl-C in make run's terminal stops this process too. SIGTERM stops it the same way.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
        parent_pid = os.getppid() if exit_with_parent else None
        self.stdout.write("Report worker: building annual reports in the background (stop with Ctrl-C).")
        try:
            worker.run(stop=threading.Event(), poll_seconds=poll, parent_pid=parent_pid, say=self._say)
        except KeyboardInterrupt:
            self.stdout.write("Report worker: stopped.")

    def _say(self, message: str) -> None:
        self.stdout.write(f"Report worker: {message}")


def _raise_keyboard_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt

"""The project's Celery app as the real-worker tests run it: ``celery -A reports.tests.worker_app worker``.

Only for tests. It reads one test-only knob from the environment, because a worker is a
separate process that the test cannot reach into:

* ``REPORT_TEST_VISIBILITY_TIMEOUT``: Redis's visibility timeout, in seconds, so that an
  unacknowledged message of a killed worker is delivered again within the test (an hour
  by default, as in production), with the restore check run every second.
"""

import os

from partnership.celery import app

app.conf.broker_transport_options = {
    "visibility_timeout": int(os.environ.get("REPORT_TEST_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

__all__ = ["app"]

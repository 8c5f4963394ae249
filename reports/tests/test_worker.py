"""The build task run by a real Celery worker, through the real Redis broker, on the test database.

These tests start ``celery worker`` subprocesses, so the database must be one that two
processes can share: PostgreSQL (CI). On SQLite the test database lives in memory and
they are skipped. Redis must be listening on 127.0.0.1:6379 (CI starts it); they use
its database 15 and empty it first.

Marked ``worker`` (``-m "not worker"`` leaves them out); every name starts with
``test_worker_`` so that ``-k worker`` finds them too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection, transaction

from reports import services
from reports.models import AnnualReport
from reports.selectors import annual_report_content

from .helpers import DRAFT_ACHIEVEMENT, SECRET_TITLE, database_url, report_pdf_text

BROKER_URL = os.environ.get("REPORT_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
Status = AnnualReport.Status

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"These tests need Redis at {BROKER_URL}.")
    return client


@pytest.fixture
def start_worker(tmp_path, media_root, private_root, celery_broker):
    """``start_worker(**env)`` runs a Celery worker on the ``pdf`` queue; all are stopped afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "A worker subprocess cannot share SQLite's in-memory test database: run with DATABASE_URL on PostgreSQL."
        )
    _redis_or_skip().flushdb()
    celery_broker(BROKER_URL)
    workers: list[tuple[subprocess.Popen, object]] = []

    def start(**extra_env: str) -> subprocess.Popen:
        log = (tmp_path / f"worker-{len(workers) + 1}.log").open("w")
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": BROKER_URL,
            "MEDIA_ROOT": str(media_root),
            "PRIVATE_ROOT": str(private_root),
            "DJANGO_SETTINGS_MODULE": "partnership.settings",
            **extra_env,
        }
        process = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "reports.tests.worker_app",
                "worker",
                "-Q",
                "pdf,celery",
                "--pool=solo",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"report-test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so that killing it kills nothing else
        )
        workers.append((process, log))
        return process

    yield start
    for process, log in workers:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def _wait_for(report_id: int, condition, *, timeout: float, logs, every: float = 0.25) -> AnnualReport:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = AnnualReport.objects.get(pk=report_id)
        if condition(report):
            return report
        time.sleep(every)
    output = "\n".join(path.read_text()[-3000:] for path in sorted(logs.glob("worker-*.log")))
    pytest.fail(f"Timed out: the report is {report.status}/{report.stage} ({report.error_message}).\n{output}")


def _wait_until_finished(report_id: int, *, logs) -> AnnualReport:
    return _wait_for(report_id, lambda r: r.status in {Status.READY, Status.FAILED}, timeout=120, logs=logs)


def test_worker_builds_the_report_through_the_real_broker(report_world, start_worker, tmp_path):
    start_worker()

    request = services.annual_report_request(plan=report_world.plan, year=2014)

    assert request.enqueued is True
    report = _wait_until_finished(request.report.pk, logs=tmp_path)
    assert report.status == Status.READY, report.error_message
    assert report.attempts == 1
    text = report_pdf_text(report)
    for theme in annual_report_content(report_world.plan, 2014).themes:
        assert theme.title in text
        for line in theme.indicators:
            if line.value_text:
                assert line.value_text in text, line.code
    assert DRAFT_ACHIEVEMENT not in text and SECRET_TITLE not in text


def _as_app_role(host: str | None = None, port: int | None = None) -> str:
    """The test database's URL for ``lsp_app`` (made able to log in, and granted its rights), at
    ``host:port`` if given (a pooler), else where the tests connect."""
    from urllib.parse import urlsplit, urlunsplit

    from partnership import rls

    role = settings.DATABASE_APP_ROLE
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        cursor.execute(f'{"ALTER" if cursor.fetchone() else "CREATE"} ROLE "{role}" LOGIN')
    rls.grant()
    url = urlsplit(database_url())
    return urlunsplit(url._replace(netloc=f"{role}@{host or url.hostname}:{port or url.port or 5432}"))


def _builds_for_its_partnership(report_world, tmp_path) -> None:
    from partnership import scope

    with scope.using(report_world.plan.partnership_id):
        request = services.annual_report_request(plan=report_world.plan, year=2014)

    report = _wait_until_finished(request.report.pk, logs=tmp_path)
    assert report.status == Status.READY, report.error_message
    text = report_pdf_text(report)
    for theme in annual_report_content(report_world.plan, 2014).themes:
        assert theme.title in text
    log = "".join(path.read_text() for path in tmp_path.glob("worker-*.log"))
    assert f"reports.build_annual_report works for partnership {report_world.plan.partnership_id}" in log


def test_a_worker_running_as_the_app_role_builds_the_report_for_the_partnership_it_was_queued_in(
    report_world, start_worker, tmp_path
):
    """Row-level security on, the worker connecting as ``lsp_app``: it reads only what the
    partnership in the task's message lets it, and that is enough to build the report."""
    start_worker(DATABASE_URL=_as_app_role(), ROW_LEVEL_SECURITY="1")
    _builds_for_its_partnership(report_world, tmp_path)


def test_a_worker_through_pgbouncer_in_transaction_mode_builds_the_report_for_its_partnership(
    report_world, start_worker, tmp_path, pgbouncer
):
    """The same worker, connecting through PgBouncer in transaction mode (``DB_POOLER=transaction``):
    every transaction of the task, and of its heartbeat thread, carries the partnership."""
    url = _as_app_role(pgbouncer.host, pgbouncer.port)
    start_worker(DATABASE_URL=url, ROW_LEVEL_SECURITY="1", DB_POOLER="transaction")
    _builds_for_its_partnership(report_world, tmp_path)


def _kill_mid_build(worker: subprocess.Popen, report_id: int, *, logs) -> AnnualReport:
    """Kill the whole worker (its process group, SIGKILL) while it is building ``report_id``.

    The test holds the report's row while it kills: the build, whatever stage it is at,
    cannot get past its next write to the row, so it is killed mid-build, never after.
    """
    _wait_for(report_id, lambda r: r.status == Status.BUILDING, timeout=90, logs=logs, every=0.05)
    with transaction.atomic():
        AnnualReport.objects.select_for_update().get(pk=report_id)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    report = AnnualReport.objects.get(pk=report_id)
    assert report.status == Status.BUILDING and not report.file  # nothing half-written is pointed at
    return report


def test_worker_killed_mid_build_is_redelivered_and_a_new_worker_finishes_it(
    report_world, start_worker, tmp_path, private_root
):
    first = start_worker(REPORT_TEST_VISIBILITY_TIMEOUT="5")
    request = services.annual_report_request(plan=report_world.plan, year=2014)
    assert request.enqueued is True
    _kill_mid_build(first, request.report.pk, logs=tmp_path)

    # acks_late: the message was never acknowledged, so Redis hands it to the next worker once
    # its visibility timeout has passed.
    start_worker(REPORT_TEST_VISIBILITY_TIMEOUT="5")
    report = _wait_until_finished(request.report.pk, logs=tmp_path)

    assert report.status == Status.READY, report.error_message
    assert report.attempts == 2
    assert "Safety" in report_pdf_text(report)
    assert AnnualReport.objects.count() == 1
    # The killed build wrote nothing; the second build's two files are all there is.
    assert sorted(p.name for p in (private_root / "reports").iterdir()) == sorted(
        name.removeprefix("reports/") for name in (report.file.name, report.html_file.name)
    )


def test_worker_killed_as_a_whole_is_resumed_by_a_restarted_worker_within_a_minute_without_beat(
    report_world, start_worker, tmp_path
):
    # Redis's visibility timeout as in production (an hour): the dead worker's message stays
    # unacknowledged for the whole test, and no beat runs. Only the restarted worker can resume it.
    # A 9 s lease rather than production's 30 s: the restarted worker resends the build when the
    # dead one's lease runs out, so the test waits a third as long for the same sequence.
    lease = {"REPORT_BUILD_LEASE_SECONDS": "9"}
    first = start_worker(**lease)
    request = services.annual_report_request(plan=report_world.plan, year=2014)
    assert request.enqueued is True
    _kill_mid_build(first, request.report.pk, logs=tmp_path)

    start_worker(**lease)
    report = _wait_for(
        request.report.pk, lambda r: r.status in {Status.READY, Status.FAILED}, timeout=60, logs=tmp_path
    )

    assert report.status == Status.READY, report.error_message
    assert report.attempts == 2
    assert "Safety" in report_pdf_text(report)


def test_worker_coalesces_two_requests_into_one_build(report_world, start_worker, tmp_path):
    first = services.annual_report_request(plan=report_world.plan, year=2014)
    second = services.annual_report_request(plan=report_world.plan, year=2014)
    assert first.enqueued is True and second.coalesced
    start_worker()

    report = _wait_until_finished(first.report.pk, logs=tmp_path)

    assert report.status == Status.READY and report.attempts == 1
    assert AnnualReport.objects.count() == 1

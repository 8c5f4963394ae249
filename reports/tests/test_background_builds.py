"""The embedded default's background builds: no broker, the rows are the queue, the report worker builds them.

``services.annual_report_build_next`` is what the worker runs each time it looks;
``reports.worker.run`` is its loop, and ``run_report_worker`` the command ``make run``
starts beside the web server.
"""

from __future__ import annotations

import datetime
import threading
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone

from reports import services, worker
from reports.models import AnnualReport

Status = AnnualReport.Status


def _ask(world, year=2014) -> AnnualReport:
    """What the build button does, its transaction committed."""
    return services.annual_report_request(plan=world.plan, year=year).report


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        yield


def test_with_no_broker_a_request_is_recorded_for_the_worker_and_nothing_is_sent_or_built(
    report_world, django_capture_on_commit_callbacks
):
    with (
        mock.patch("reports.tasks.build_annual_report.apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        outcome = services.annual_report_request(plan=report_world.plan, year=2014)

    assert services.builds_wait_in_the_table()
    send.assert_not_called()
    assert outcome.enqueued and not outcome.broker_unavailable
    report = AnnualReport.objects.get()
    assert report.status == Status.QUEUED and report.enqueued_at is not None and not report.enqueue_error
    assert list(services.waiting_builds()) == [report]


def test_the_worker_builds_the_longest_waiting_request_first_then_finds_nothing(report_world, committed):
    older = _ask(report_world, 2013)
    newer = _ask(report_world, 2014)
    AnnualReport.objects.filter(pk=older.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=1))

    with mock.patch("reports.services.render_pdf", wraps=services.render_pdf) as render:
        first = services.annual_report_build_next()
        second = services.annual_report_build_next()
        third = services.annual_report_build_next()

    assert first.built and first.report.pk == older.pk and first.report.status == Status.READY
    assert second.built and second.report.pk == newer.pk and second.report.status == Status.READY
    assert third is None
    assert render.call_count == 2


def test_the_worker_leaves_a_build_with_a_live_lease_alone_and_takes_over_one_whose_lease_ran_out(
    report_world, settings, committed
):
    settings.REPORT_BUILD_LEASE_SECONDS = 30
    report = _ask(report_world)
    now = timezone.now()
    AnnualReport.objects.filter(pk=report.pk).update(
        status=Status.BUILDING, stage="rendering", started_at=now, heartbeat_at=now, attempts=1
    )

    assert services.annual_report_build_next() is None  # another worker is on it

    AnnualReport.objects.filter(pk=report.pk).update(heartbeat_at=now - datetime.timedelta(seconds=31))
    outcome = services.annual_report_build_next()

    assert outcome.built and outcome.report.status == Status.READY and outcome.report.attempts == 2


def test_a_retryable_error_leaves_the_build_queued_for_the_next_look_until_its_last_try(report_world, committed):
    report = _ask(report_world)

    with mock.patch("reports.services.render_pdf", side_effect=OSError("disk full")):
        for attempt in range(1, services.BUILD_TRIES):
            with pytest.raises(OSError):
                services.annual_report_build_next()
            report.refresh_from_db()
            assert report.status == Status.QUEUED, attempt
            assert report.error_message == f"Attempt {attempt} failed (OSError: disk full); trying again."
        with pytest.raises(OSError):
            services.annual_report_build_next()

    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert f"after {services.BUILD_TRIES} attempt(s): OSError: disk full" in report.error_message
    assert services.annual_report_build_next() is None


def test_a_worker_stopped_mid_build_puts_the_build_back_in_the_queue_for_the_next_one(report_world, committed):
    report = _ask(report_world)

    with (
        mock.patch("reports.services.render_pdf", side_effect=KeyboardInterrupt),
        pytest.raises(KeyboardInterrupt),
    ):
        services.annual_report_build_next()

    report.refresh_from_db()
    assert report.status == Status.QUEUED and report.stage == ""
    assert report.error_message == services.INTERRUPTED_MESSAGE
    outcome = services.annual_report_build_next()  # the next worker starts it at once
    assert outcome.built and outcome.report.status == Status.READY and outcome.report.attempts == 2


def test_a_stopped_worker_leaves_alone_a_build_another_worker_has_taken_over(report_world, committed):
    report = _ask(report_world)

    def taken_over_then_stopped(*args, **kwargs):
        AnnualReport.objects.filter(pk=report.pk).update(attempts=2, started_at=timezone.now())
        raise KeyboardInterrupt

    with (
        mock.patch("reports.services.render_pdf", side_effect=taken_over_then_stopped),
        pytest.raises(KeyboardInterrupt),
    ):
        services.annual_report_build_next()

    report.refresh_from_db()
    assert report.status == Status.BUILDING and report.attempts == 2


@pytest.fixture
def worker_connections():
    """The loop closes its database connections, as a process of its own should; not the test's."""
    with mock.patch("reports.worker.close_old_connections"), mock.patch("reports.worker.connections"):
        yield


def test_the_worker_loop_builds_what_waits_and_stops_when_told(report_world, committed, worker_connections):
    _ask(report_world)
    stop = threading.Event()
    said: list[str] = []

    def say(message: str) -> None:
        said.append(message)
        stop.set()

    worker.run(stop=stop, poll_seconds=0.01, say=say)

    assert AnnualReport.objects.get().status == Status.READY
    assert said == ["Tiny Plan annual report 2014/15: ready to publish."]


def test_the_worker_loop_logs_an_error_and_waits_longer_before_looking_again(report_world, worker_connections, caplog):
    stop = threading.Event()
    waits: list[float] = []

    def wait(seconds):
        waits.append(seconds)
        if len(waits) == 3:
            stop.set()
        return stop.is_set()

    with (
        mock.patch.object(stop, "wait", side_effect=wait),
        mock.patch("reports.services.annual_report_build_next", side_effect=OperationalError("database is locked")),
    ):
        worker.run(stop=stop, poll_seconds=1.0)

    assert waits == [2.0, 4.0, 8.0]
    assert "The report worker could not build a report" in caplog.text


def test_the_worker_loop_stops_when_the_process_that_started_it_has_gone(report_world, worker_connections):
    said: list[str] = []

    worker.run(stop=threading.Event(), poll_seconds=0.01, parent_pid=-1, say=said.append)

    assert said == ["The process that started the report worker has gone: stopping."]


def test_the_command_refuses_to_start_when_a_celery_worker_builds_the_reports(celery_broker):
    celery_broker("redis://127.0.0.1:1/15")

    with pytest.raises(CommandError, match="the Celery worker builds the reports"):
        call_command("run_report_worker", stdout=StringIO())


def test_the_command_runs_the_loop_until_interrupted(report_world):
    out = StringIO()
    with (
        mock.patch("reports.worker.run", side_effect=KeyboardInterrupt) as run,
        mock.patch("reports.management.commands.run_report_worker.signal.signal"),
    ):
        call_command("run_report_worker", "--poll", "0.5", stdout=out)

    assert run.call_args.kwargs["poll_seconds"] == 0.5 and run.call_args.kwargs["parent_pid"] is None
    assert "Report worker: stopped." in out.getvalue()

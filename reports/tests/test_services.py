"""The build service run directly: files, idempotency, failures, coalescing, requeueing, publishing."""

from __future__ import annotations

import datetime
import importlib
import os
import re
import time
from decimal import Decimal as D
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.db import OperationalError
from django.utils import timezone

from indicators.models import Measurement
from reports import services
from reports.exceptions import ReportDataError, ReportStateError
from reports.models import AnnualReport
from reports.selectors import annual_report_content

from .helpers import (
    DRAFT_ACHIEVEMENT,
    DRAFT_VALUE,
    SECRET_TITLE,
    SUBMITTED_ACHIEVEMENT,
    pdf_text,
    report_pdf_text,
)

Status = AnnualReport.Status


def _request(world, year=2014, **kwargs) -> AnnualReport:
    return services.annual_report_request(plan=world.plan, year=year, enqueue=False, **kwargs).report


def _build(world, year=2014, **kwargs) -> services.BuildOutcome:
    return services.annual_report_build(report_id=_request(world, year).pk, **kwargs)


def test_build_writes_a_tagged_pdf_with_every_theme_and_approved_value(report_world):
    outcome = _build(report_world)

    report = outcome.report
    assert report.status == Status.READY and report.stage == ""
    # Each build's files have a name of their own (the row points at them once both are complete).
    assert re.fullmatch(r"reports/tiny-plan-annual-report-2014-[0-9a-f]{16}\.pdf", report.file.name)
    assert re.fullmatch(r"reports/tiny-plan-annual-report-2014-[0-9a-f]{16}\.html", report.html_file.name)
    assert report.size == os.path.getsize(report.file.path) > 10_000
    assert report.page_count > 5
    assert len(report.content_hash) == 64
    assert report.attempts == 1 and report.started_at <= report.finished_at
    assert report.data_seconds > 0 and report.charts_seconds > 0 and report.render_seconds > 0
    text = report_pdf_text(report)
    content = annual_report_content(report_world.plan, 2014)
    for theme in content.themes:
        assert theme.title in text
        for line in theme.indicators:
            assert line.title in text
            if line.value_text:
                assert line.value_text in text, line.code
    for expected in ("1,950", "66.0%", "104", "Page 2 of", "Street pastors started in the town centre"):
        assert expected in text
    for unwanted in (DRAFT_ACHIEVEMENT, SUBMITTED_ACHIEVEMENT, SECRET_TITLE, "424,242", str(DRAFT_VALUE)):
        assert unwanted not in text


def test_the_pdf_is_tagged_with_its_language_title_and_chart_alternatives(report_world):
    from pypdf import PdfReader

    report = _build(report_world).report
    reader = PdfReader(report.file.path)
    catalog = reader.trailer["/Root"]

    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Tinyborough annual community report 2014/15"
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()  # declares PDF/UA-1
    elements = list(structure_elements(catalog["/StructTreeRoot"]))
    kinds = {kind for kind, _ in elements}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure", "/L", "/LI"} <= kinds
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    # One per indicator chart, plus the plan-at-a-glance bar chart; every one with its alternative text.
    assert len(figures) == 6
    assert all(alt for alt in figures)
    assert any(alt.startswith("Chart of Recorded crime: count in each quarter") for alt in figures)


def structure_elements(node):
    """(type, alternative text) of every element in a tagged PDF's structure tree."""
    from pypdf.generic import ArrayObject, DictionaryObject

    node = node.get_object()
    if "/S" in node:
        yield str(node["/S"]), str(node.get("/Alt", ""))
    children = node.get("/K")
    if children is None:
        return
    children = children.get_object()
    for child in children if isinstance(children, ArrayObject) else [children]:
        child = child.get_object() if hasattr(child, "get_object") else child
        if isinstance(child, DictionaryObject):  # not a marked-content number
            yield from structure_elements(child)


def test_the_html_version_shares_the_content_and_gives_each_chart_a_table(report_world):
    report = _build(report_world).report
    html = report.html_file.open("rb").read().decode()

    assert html.count("<h1") == 1
    assert 'id="theme-1"' in html and 'id="theme-2"' in html
    assert "Figures for this chart" in html
    assert '<th scope="col">Measure</th>' in html
    assert "<title id=" in html  # the charts' own titles
    assert DRAFT_ACHIEVEMENT not in html


def test_a_rebuild_with_the_same_figures_keeps_the_file_and_skips_rendering(report_world):
    first = _build(report_world).report
    mtime = os.path.getmtime(first.file.path)

    with mock.patch("reports.services.render_pdf") as render:
        outcome = _build(report_world)

    render.assert_not_called()
    assert outcome.skipped_render
    report = outcome.report
    assert report.status == Status.READY
    assert (report.content_hash, report.file.name, report.size) == (first.content_hash, first.file.name, first.size)
    assert os.path.getmtime(report.file.path) == mtime
    assert report.render_seconds == 0
    assert AnnualReport.objects.count() == 1


def test_a_rebuild_with_new_figures_replaces_the_file_in_place(report_world):
    first = _build(report_world).report
    for revised in Measurement.objects.filter(indicator=report_world.tiny.asb, period=report_world.tiny.period):
        revised.value = D(777)
        revised.save()  # as the admin saves a correction: the judged figures follow it

    report = _build(report_world).report

    assert AnnualReport.objects.count() == 1
    assert report.pk == first.pk
    assert report.content_hash != first.content_hash
    assert "777" in report_pdf_text(report)
    # The new files replace the old ones: nothing else is left beside them.
    assert sorted(os.listdir(os.path.dirname(report.file.path))) == sorted(
        os.path.basename(f.name) for f in (report.file, report.html_file)
    )


def test_bad_data_fails_the_build_with_a_message_and_no_retry(report_world):
    outcome = _build(report_world, year=2015)  # no quarter of 2015/16 has been published

    report = outcome.report
    assert outcome.failed
    assert report.status == Status.FAILED
    assert "No quarter of 2015/16 has been published yet" in report.error_message
    assert report.finished_at is not None and not report.file


def test_an_unexpected_error_fails_the_build_records_it_and_raises(report_world):
    report = _request(report_world)
    with (
        mock.patch("reports.services.render_pdf", side_effect=RuntimeError("fonts on fire")),
        pytest.raises(RuntimeError),
    ):
        services.annual_report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert report.error_message == "Unexpected error: RuntimeError: fonts on fire"


def test_a_retryable_error_leaves_the_report_queued_until_the_last_attempt(report_world):
    report = _request(report_world)
    with mock.patch("reports.services.render_pdf", side_effect=OSError("disk full")):
        with pytest.raises(OSError):
            services.annual_report_build(report_id=report.pk, final_attempt=False)
        report.refresh_from_db()
        assert report.status == Status.QUEUED
        assert report.error_message == "Attempt 1 failed (OSError: disk full); trying again."

        with pytest.raises(OSError):
            services.annual_report_build(report_id=report.pk, final_attempt=True)
    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert "after 2 attempt(s): OSError: disk full" in report.error_message


def test_a_database_error_is_retryable_too(report_world):
    report = _request(report_world)
    with (
        mock.patch("reports.services.annual_report_content", side_effect=OperationalError("gone away")),
        pytest.raises(OperationalError),
    ):
        services.annual_report_build(report_id=report.pk, final_attempt=False)
    report.refresh_from_db()
    assert report.status == Status.QUEUED


def test_a_second_delivery_of_a_finished_build_does_nothing(report_world):
    report = _build(report_world).report

    outcome = services.annual_report_build(report_id=report.pk)

    assert not outcome.built
    assert outcome.report.status == Status.READY and outcome.report.attempts == 1


def test_a_copy_of_the_message_leaves_a_build_in_progress_alone_but_a_redelivery_takes_it_over(report_world):
    report = _request(report_world)
    AnnualReport.objects.filter(pk=report.pk).update(
        status=Status.BUILDING, stage="rendering", started_at=timezone.now(), attempts=1
    )

    copy = services.annual_report_build(report_id=report.pk)
    assert not copy.built and copy.report.status == Status.BUILDING and copy.report.attempts == 1

    redelivered = services.annual_report_build(report_id=report.pk, redelivered=True)
    assert redelivered.built and redelivered.report.status == Status.READY and redelivered.report.attempts == 2


CLOSED_PORT_BROKER = "redis://127.0.0.1:1/15"  # nothing listens on port 1: only sent to when apply_async is real


def test_two_requests_while_queued_coalesce_into_one_build(
    report_world, celery_broker, django_capture_on_commit_callbacks
):
    celery_broker(CLOSED_PORT_BROKER)
    with (
        mock.patch("reports.tasks.build_annual_report.apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = services.annual_report_request(plan=report_world.plan, year=2014)
        second = services.annual_report_request(plan=report_world.plan, year=2014)

    assert not first.coalesced and first.enqueued
    assert second.coalesced and second.enqueued is None
    assert first.report.pk == second.report.pk
    assert AnnualReport.objects.count() == 1
    send.assert_called_once_with(args=[first.report.pk], queue="pdf")


def test_a_request_while_building_returns_the_build_in_progress(report_world):
    report = _request(report_world)
    AnnualReport.objects.filter(pk=report.pk).update(status=Status.BUILDING, started_at=timezone.now())

    again = services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False)

    assert again.coalesced and again.report.status == Status.BUILDING


def test_a_build_stuck_building_is_requeued_by_the_next_request(report_world, settings):
    settings.REPORT_STALE_MINUTES = 15
    report = _request(report_world)
    started = timezone.now() - datetime.timedelta(minutes=16)
    AnnualReport.objects.filter(pk=report.pk).update(status=Status.BUILDING, started_at=started, attempts=1)

    again = services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False)

    assert not again.coalesced
    assert again.report.status == Status.QUEUED and again.report.attempts == 0
    assert "did not finish; it was queued again" in again.report.error_message


def test_a_finished_report_asked_for_again_is_rebuilt_in_the_same_row(report_world):
    first = _build(report_world).report

    again = services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False)

    assert not again.coalesced
    assert again.report.pk == first.pk and again.report.status == Status.QUEUED
    assert again.report.file.name == first.file.name  # still there until the rebuild replaces it


def test_the_broker_being_down_keeps_the_request_queued_with_the_reason(
    report_world, celery_broker, django_capture_on_commit_callbacks
):
    celery_broker(CLOSED_PORT_BROKER)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.annual_report_request(plan=report_world.plan, year=2014)

    assert outcome.broker_unavailable
    report = AnnualReport.objects.get()
    assert report.status == Status.QUEUED
    assert report.enqueue_error.startswith(services.BROKER_DOWN_MESSAGE)
    assert services.is_stale(report)  # so the next request or the beat task sends it again


def test_requeue_stale_builds_sends_stuck_and_unsent_builds_again(
    report_world, settings, celery_broker, django_capture_on_commit_callbacks
):
    celery_broker(CLOSED_PORT_BROKER)
    settings.REPORT_STALE_MINUTES = 15
    tiny = report_world.tiny
    now = timezone.now()
    stuck = _request(report_world, 2014)
    AnnualReport.objects.filter(pk=stuck.pk).update(
        status=Status.BUILDING, started_at=now - datetime.timedelta(minutes=20), attempts=1
    )
    unsent = _request(report_world, 2013)
    AnnualReport.objects.filter(pk=unsent.pk).update(enqueue_error="broker down")
    fresh = _request(report_world, 2012)
    AnnualReport.objects.filter(pk=fresh.pk).update(enqueued_at=now)
    hopeless = _request(report_world, 2011)
    AnnualReport.objects.filter(pk=hopeless.pk).update(
        status=Status.BUILDING, started_at=now - datetime.timedelta(hours=2), attempts=services.MAX_ATTEMPTS
    )
    reports_dir = settings.MEDIA_ROOT / "reports"
    reports_dir.mkdir(parents=True)
    abandoned = reports_dir / ".tiny-plan-annual-report-2014.pdf.abc.tmp"
    abandoned.write_bytes(b"half a PDF")
    old = (now - datetime.timedelta(hours=1)).timestamp()
    os.utime(abandoned, (old, old))

    with (
        mock.patch("reports.tasks.build_annual_report.apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = services.requeue_stale_builds()

    assert sent == 2
    assert sorted(call.kwargs["args"][0] for call in send.call_args_list) == sorted([stuck.pk, unsent.pk])
    stuck.refresh_from_db()
    assert stuck.status == Status.QUEUED and "stopped without finishing" in stuck.error_message
    hopeless.refresh_from_db()
    assert hopeless.status == Status.FAILED and "Gave up after 5 attempts" in hopeless.error_message
    assert not abandoned.exists()
    assert tiny.plan.annual_reports.count() == 4


def test_publishing_needs_a_ready_report_and_keeps_it_published_through_a_rebuild(report_world, personas):
    support_user = personas["support_group"]
    report = _request(report_world)
    with pytest.raises(ReportStateError, match="is queued"):
        services.annual_report_publish(report=report, published_by=support_user)

    services.annual_report_build(report_id=report.pk)
    published = services.annual_report_publish(report=report, published_by=support_user)
    assert published.status == Status.PUBLISHED and published.published_by == support_user

    for revised in Measurement.objects.filter(indicator=report_world.tiny.asb, period=report_world.tiny.period):
        revised.value = D(88)
        revised.save()  # the judged figures follow, so the report is rebuilt
    rebuilt = _build(report_world).report
    assert rebuilt.status == Status.PUBLISHED and rebuilt.published_at == published.published_at
    assert AnnualReport.objects.published().get() == rebuilt


def test_a_request_for_a_year_outside_the_plan_is_refused(report_world):
    with pytest.raises(ReportDataError, match="has no year 2030"):
        services.annual_report_request(plan=report_world.plan, year=2030, enqueue=False)
    assert not AnnualReport.objects.exists()


def test_pdf_text_helper_reads_what_weasyprint_writes():
    from weasyprint import HTML

    data = HTML(string="<html lang='en-GB'><title>t</title><p>Hello   report</p></html>").write_pdf()
    assert pdf_text(data) == "Hello report"


# --- Where the files are: unpublished ones never where the web server serves -----------------


def _files_under(folder) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_an_unpublished_report_is_kept_where_nothing_serves_it_and_publishing_copies_it_public(
    report_world, personas, media_root, private_root
):
    report = _build(report_world).report

    # Nothing under MEDIA_ROOT (which the documented nginx block serves): not at the guessable name, not at all.
    assert not media_root.exists() or _files_under(media_root) == []
    assert _files_under(private_root) == sorted([report.file.name, report.html_file.name])

    published = services.annual_report_publish(report=report, published_by=personas["support_group"])

    public_pdf, public_html = (media_root / name for name in published.public_names)
    assert published.public_names == (
        "reports/tiny-plan-annual-report-2014.pdf",
        "reports/tiny-plan-annual-report-2014.html",
    )
    assert public_pdf.read_bytes() == (private_root / published.file.name).read_bytes()
    assert public_html.read_bytes() == (private_root / published.html_file.name).read_bytes()

    changed = Measurement.objects.get(indicator=report_world.tiny.asb, period=report_world.tiny.period, area=None)
    changed.value = D(777)
    changed.save()  # a save, not a bulk update: the judged figures are refreshed with it
    rebuilt = _build(report_world).report

    assert rebuilt.status == Status.PUBLISHED
    assert "777" in pdf_text(public_pdf.read_bytes())  # the public copy follows a rebuild
    assert _files_under(media_root) == sorted(published.public_names)


def test_a_failed_publication_leaves_nothing_public(report_world, personas, media_root):
    report = _build(report_world).report

    with (
        mock.patch("django.core.files.storage.FileSystemStorage._save", side_effect=OSError("disk full")),
        pytest.raises(OSError, match="disk full"),
    ):
        services.annual_report_publish(report=report, published_by=personas["support_group"])

    report.refresh_from_db()
    assert report.status == Status.READY and report.published_at is None
    assert not media_root.exists() or _files_under(media_root) == []


def test_the_stale_build_sweep_removes_files_no_report_points_at(report_world, media_root, private_root):
    report = _build(report_world).report
    long_ago = (timezone.now() - datetime.timedelta(hours=1)).timestamp()
    orphan = private_root / "reports" / "tiny-plan-annual-report-2014-0123456789abcdef.pdf"  # a killed build's
    orphan.write_bytes(b"half a PDF")
    exposed = media_root / "reports" / "tiny-plan-annual-report-2014.pdf"  # an unpublished report, public
    exposed.parent.mkdir(parents=True)
    exposed.write_bytes(b"a draft")
    for path in (orphan, exposed, private_root / report.file.name, private_root / report.html_file.name):
        os.utime(path, (long_ago, long_ago))

    services.requeue_stale_builds()

    assert not orphan.exists() and not exposed.exists()
    assert _files_under(private_root) == sorted([report.file.name, report.html_file.name])


def test_a_report_built_before_private_storage_moves_there_and_stays_readable(
    report_world, personas, media_root, private_root
):
    """Migration 0002: files a row names in the public storage are copied to the private one."""
    migration = importlib.import_module("reports.migrations.0002_report_files_in_private_storage")
    unpublished = _request(report_world, 2014)
    published = _request(report_world, 2013)
    (media_root / "reports").mkdir(parents=True)
    for report, published_at in ((unpublished, None), (published, timezone.now())):
        stem = f"reports/tiny-plan-annual-report-{report.year}"
        (media_root / f"{stem}.pdf").write_bytes(b"%PDF-1.7 " + stem.encode())
        (media_root / f"{stem}.html").write_text(f"<p>{stem}</p>")
        AnnualReport.objects.filter(pk=report.pk).update(
            status=Status.PUBLISHED if published_at else Status.READY,
            published_at=published_at,
            file=f"{stem}.pdf",
            html_file=f"{stem}.html",
        )

    migration.move_built_files_to_private_storage(django_apps, None)

    unpublished.refresh_from_db()
    published.refresh_from_db()
    with unpublished.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.7 reports/tiny-plan-annual-report-2014"
    assert not (media_root / unpublished.file.name).exists()
    assert not (media_root / unpublished.html_file.name).exists()
    assert (private_root / published.file.name).exists()
    assert (media_root / published.file.name).exists()  # still served at its public name


# --- Leases: a build whose worker is gone is resumed; one whose worker lives is never started twice ----


def test_a_build_with_a_fresh_heartbeat_is_left_alone_and_one_silent_for_its_lease_is_taken_over(
    report_world, settings
):
    settings.REPORT_BUILD_LEASE_SECONDS = 30
    now = timezone.now()
    report = _request(report_world)
    # Started long ago, but its worker still records heartbeats: a long build on a live worker.
    AnnualReport.objects.filter(pk=report.pk).update(
        status=Status.BUILDING,
        started_at=now - datetime.timedelta(minutes=20),
        heartbeat_at=now - datetime.timedelta(seconds=5),
        attempts=1,
    )

    assert services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False).coalesced
    copy = services.annual_report_build(report_id=report.pk)
    assert not copy.built and copy.report.attempts == 1

    AnnualReport.objects.filter(pk=report.pk).update(heartbeat_at=now - datetime.timedelta(seconds=31))
    taken_over = services.annual_report_build(report_id=report.pk)
    assert taken_over.built and taken_over.report.status == Status.READY and taken_over.report.attempts == 2


def test_a_build_taken_over_max_attempts_times_is_failed_instead(report_world):
    report = _request(report_world)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    AnnualReport.objects.filter(pk=report.pk).update(
        status=Status.BUILDING, started_at=long_ago, heartbeat_at=long_ago, attempts=services.MAX_ATTEMPTS
    )

    outcome = services.annual_report_build(report_id=report.pk)

    assert not outcome.built
    assert outcome.report.status == Status.FAILED and "Gave up after 5 attempts" in outcome.report.error_message


def test_a_starting_worker_sends_every_build_in_progress_again_when_its_lease_runs_out(
    report_world, settings, celery_broker
):
    celery_broker(CLOSED_PORT_BROKER)
    settings.REPORT_BUILD_LEASE_SECONDS = 30
    now = timezone.now()
    running = _request(report_world, 2014)  # heartbeat 10 s ago: looked at again in 21 s
    AnnualReport.objects.filter(pk=running.pk).update(
        status=Status.BUILDING, started_at=now, heartbeat_at=now - datetime.timedelta(seconds=10)
    )
    lost = _request(report_world, 2013)  # silent for a minute: at once
    AnnualReport.objects.filter(pk=lost.pk).update(
        status=Status.BUILDING, started_at=now, heartbeat_at=now - datetime.timedelta(minutes=1)
    )
    queued = _request(report_world, 2012)  # its message may have died with the worker: at once
    finished = _build(report_world, 2011).report

    with mock.patch("reports.tasks.build_annual_report.apply_async") as send:
        sent = services.resume_interrupted_builds(now=now)

    assert sent == 3
    countdowns = {call.kwargs["args"][0]: call.kwargs.get("countdown", 0) for call in send.call_args_list}
    assert countdowns == {running.pk: 21, lost.pk: 0, queued.pk: 0}
    assert finished.pk not in countdowns


def test_a_worker_starting_resumes_interrupted_builds_and_survives_a_database_error(report_world, celery_broker):
    from celery.signals import worker_ready

    celery_broker(CLOSED_PORT_BROKER)
    report = _request(report_world)
    # The handler closes the worker's database connections afterwards: not this test's.
    with mock.patch("reports.tasks.connections"), mock.patch("reports.tasks.build_annual_report.apply_async") as send:
        worker_ready.send(sender=None)
    send.assert_called_once_with(args=[report.pk], queue="pdf")

    with (
        mock.patch("reports.tasks.connections") as connections,
        mock.patch("reports.services.resume_interrupted_builds", side_effect=OperationalError("no database")),
    ):
        worker_ready.send(sender=None)  # logged; the worker starts anyway
    connections.close_all.assert_called_once_with()


def test_a_build_that_was_taken_over_while_it_ran_throws_its_files_away(report_world, private_root):
    report = _request(report_world)
    real_render = services.render_pdf

    def render_while_another_build_takes_over(*args, **kwargs):
        AnnualReport.objects.filter(pk=report.pk).update(started_at=timezone.now(), attempts=2)
        return real_render(*args, **kwargs)

    with mock.patch("reports.services.render_pdf", side_effect=render_while_another_build_takes_over):
        outcome = services.annual_report_build(report_id=report.pk)

    assert not outcome.built
    assert outcome.report.status == Status.BUILDING and not outcome.report.file  # the other build's to finish
    assert not (private_root / "reports").exists() or list((private_root / "reports").iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_a_running_build_records_a_heartbeat_while_it_renders(report_world, settings):
    settings.REPORT_BUILD_LEASE_SECONDS = 3  # a heartbeat every second
    report = _request(report_world)
    real_render = services.render_pdf
    heartbeats = []

    def slow_render(*args, **kwargs):
        started = AnnualReport.objects.get(pk=report.pk).heartbeat_at
        time.sleep(2.5)  # one long WeasyPrint layout, longer than a heartbeat's interval
        heartbeats.append((started, AnnualReport.objects.get(pk=report.pk).heartbeat_at))
        return real_render(*args, **kwargs)

    with mock.patch("reports.services.render_pdf", side_effect=slow_render):
        outcome = services.annual_report_build(report_id=report.pk)

    assert outcome.built
    [(before, during)] = heartbeats
    assert during > before  # recorded while the render held the build's own thread

"""The build service run directly: files, idempotency, failures, coalescing, requeueing, publishing."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal as D
from unittest import mock

import pytest
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
    assert report.file.name == "reports/tiny-plan-annual-report-2014.pdf"
    assert report.html_file.name == "reports/tiny-plan-annual-report-2014.html"
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
    assert report.pk == first.pk and report.file.name == first.file.name
    assert report.content_hash != first.content_hash
    assert "777" in report_pdf_text(report)
    leftovers = [name for name in os.listdir(os.path.dirname(report.file.path)) if name.endswith(".tmp")]
    assert leftovers == []


def test_bad_data_fails_the_build_with_a_message_and_no_retry(report_world):
    outcome = _build(report_world, year=2015)  # no quarter of 2015/16 has closed

    report = outcome.report
    assert outcome.failed
    assert report.status == Status.FAILED
    assert "No quarter of 2015/16 has closed yet" in report.error_message
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


def test_two_requests_while_queued_coalesce_into_one_build(report_world, django_capture_on_commit_callbacks):
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
    celery_broker("redis://127.0.0.1:1/15")  # nothing listens on port 1

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.annual_report_request(plan=report_world.plan, year=2014)

    assert outcome.broker_unavailable
    report = AnnualReport.objects.get()
    assert report.status == Status.QUEUED
    assert report.enqueue_error.startswith(services.BROKER_DOWN_MESSAGE)
    assert services.is_stale(report)  # so the next request or the beat task sends it again


def test_requeue_stale_builds_sends_stuck_and_unsent_builds_again(
    report_world, settings, django_capture_on_commit_callbacks
):
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

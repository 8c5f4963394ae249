"""The annual report's pages: the public list, the HTML version and PDF, and the support group's pages."""

from __future__ import annotations

import datetime
import time
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import AnnualReport

Status = AnnualReport.Status

LIST_URL = reverse("reports:report-list")
MANAGE_URL = reverse("reports:report-manage")
BUILD_URL = reverse("reports:report-build")


def _built(world, year=2014, *, publish_by=None) -> AnnualReport:
    request = services.annual_report_request(plan=world.plan, year=year, enqueue=False)
    report = services.annual_report_build(report_id=request.report.pk).report
    if publish_by is not None:
        report = services.annual_report_publish(report=report, published_by=publish_by)
    return report


@pytest.fixture
def support_client(client, personas):
    client.force_login(personas["support_group"])
    return client


# --- Public -------------------------------------------------------------------------------------


def test_public_list_shows_only_published_reports(report_world, personas, client, public_page):
    _built(report_world, 2014, publish_by=personas["support_group"])
    _built(report_world, 2013)  # ready, not published
    services.annual_report_request(plan=report_world.plan, year=2012, enqueue=False)  # queued

    html = public_page(client.get(LIST_URL), "Annual community reports — Tiny Plan")

    assert "2014/15" in html
    assert reverse("reports:report-pdf", args=[2014]) in html
    assert "2013/14" not in html and "2012/13" not in html
    assert "KB" in html  # the size, for people on slow connections
    assert MANAGE_URL not in html


def test_public_list_runs_a_fixed_number_of_queries(report_world, personas, client, django_assert_num_queries):
    # Queries: the reports with their plans; the current plan. The same for one report or more.
    for count, year in enumerate((2014, 2013), start=1):
        _built(report_world, year, publish_by=personas["support_group"])
        with django_assert_num_queries(2):
            response = client.get(LIST_URL)
        assert response.content.decode().count("annual-report.pdf") == count


def test_public_list_says_so_when_nothing_is_published(report_world, client):
    assert "No annual report has been published yet." in client.get(LIST_URL).content.decode()


def test_published_report_reads_as_a_page_with_its_pdf_at_a_stable_address(report_world, personas, client, public_page):
    _built(report_world, publish_by=personas["support_group"])

    response = client.get(reverse("reports:report-detail", args=[2014]))
    html = public_page(response, "Tinyborough annual community report 2014/15")
    assert "Safety" in html and "Environment" in html
    assert "Figures for this chart" in html
    assert "Preview." not in html

    response = client.get(reverse("reports:report-pdf", args=[2014]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="tiny-plan-annual-report-2014-15.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_published_report_page_runs_a_fixed_number_of_queries(
    report_world, personas, client, django_assert_num_queries
):
    _built(report_world, publish_by=personas["support_group"])
    # Queries: the current plan; the year's report with its plan. The body is the file built with the PDF.
    with django_assert_num_queries(2):
        response = client.get(reverse("reports:report-detail", args=[2014]))
    assert response.status_code == 200


def test_an_unpublished_report_is_not_found_by_the_public_but_previewed_by_the_support_group(
    report_world, personas, client
):
    _built(report_world)
    for url in (reverse("reports:report-detail", args=[2014]), reverse("reports:report-pdf", args=[2014])):
        assert client.get(url).status_code == 404

    client.force_login(personas["officer"])
    assert client.get(reverse("reports:report-detail", args=[2014])).status_code == 404

    client.force_login(personas["support_group"])
    response = client.get(reverse("reports:report-detail", args=[2014]))
    assert response.status_code == 200
    assert "Preview." in response.content.decode()
    assert client.get(reverse("reports:report-pdf", args=[2014]))["Cache-Control"] == "private, no-store"


# --- Support group: who may ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", MANAGE_URL),
        ("post", BUILD_URL),
        ("get", reverse("reports:report-status", args=[2014])),
        ("post", reverse("reports:report-publish", args=[2014])),
        ("post", reverse("reports:report-introduction", args=[2014])),
    ],
)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("resident", 403), ("officer", 403), ("forum_lead", 403), ("board_member", 403)],
)
def test_only_the_support_group_manages_reports(report_world, personas, client, method, url, persona, expected):
    if persona != "anonymous":
        client.force_login(personas[persona])

    response = getattr(client, method)(url, {"year": 2014})

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))
    assert not AnnualReport.objects.exists()


def test_asking_for_a_build_needs_a_post(report_world, support_client):
    assert support_client.get(BUILD_URL).status_code == 405


# --- Support group: building, status, publishing ------------------------------------------------


def test_support_group_builds_a_report_from_the_web(report_world, support_client, django_capture_on_commit_callbacks):
    # No broker in tests, as on a laptop: the request answers at once, and the report
    # worker (run_report_worker, which make run starts) builds the report in the background.
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = support_client.post(BUILD_URL, {"year": 2014})
    answered_in = time.monotonic() - started

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:report-status", args=[2014])
    assert answered_in < 5, f"the request took {answered_in:.1f} s: it must not wait for the build"
    report = AnnualReport.objects.get()
    assert report.status == Status.QUEUED and report.enqueued_at is not None
    assert report.requested_by.username == "support"
    page = support_client.get(response["Location"]).content.decode()
    assert "is being built in the background" in page
    assert '<meta http-equiv="refresh" content="3">' in page

    services.annual_report_build_next()  # what the report worker does

    report.refresh_from_db()
    assert report.status == Status.READY
    page = support_client.get(response["Location"]).content.decode()
    assert "Ready to publish." in page
    assert 'http-equiv="refresh"' not in page
    assert "Publish the 2014/15 report" in page


def test_status_page_refreshes_itself_while_queued_or_building(report_world, support_client):
    report = services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False).report
    url = reverse("reports:report-status", args=[2014])

    page = support_client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Waiting for the report service" in page
    assert f'<a href="{url}">Check again now</a>' in page  # without the refresh too
    assert "report worker may not be running" not in page

    AnnualReport.objects.filter(pk=report.pk).update(status=Status.BUILDING, stage="charts", started_at=timezone.now())
    page = support_client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Building: drawing charts." in page
    assert '<progress id="build-progress" max="4" value="1">' in page and "1 of 4 stages done" in page
    assert f'<a href="{url}">Check again now</a>' in page


def test_status_page_says_when_a_build_has_waited_long_for_a_worker(report_world, support_client):
    report = services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False).report
    AnnualReport.objects.filter(pk=report.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=3))

    page = support_client.get(reverse("reports:report-status", args=[2014])).content.decode()

    assert "It has been waiting for more than two minutes" in page
    assert "the report worker may not be running" in page


def test_status_page_shows_why_a_build_failed(report_world, support_client):
    report = services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False).report
    AnnualReport.objects.filter(pk=report.pk).update(status=Status.FAILED, error_message="No themes, no report.")

    page = support_client.get(reverse("reports:report-status", args=[2014])).content.decode()

    assert "The build failed." in page and "No themes, no report." in page
    assert 'http-equiv="refresh"' not in page
    assert "Build it again" in page


def test_a_second_request_while_queued_says_so_and_adds_nothing(report_world, support_client):
    services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False)

    with mock.patch("reports.tasks.build_annual_report.apply_async") as send:
        response = support_client.post(BUILD_URL, {"year": 2014}, follow=True)

    send.assert_not_called()
    assert "The 2014/15 report is already queued." in response.content.decode()
    assert AnnualReport.objects.count() == 1


def test_broker_down_gives_a_clear_message_and_keeps_the_request(
    report_world, support_client, celery_broker, django_capture_on_commit_callbacks
):
    celery_broker("redis://127.0.0.1:1/15")  # a closed port

    with django_capture_on_commit_callbacks(execute=True):
        response = support_client.post(BUILD_URL, {"year": 2014})
    page = support_client.get(response["Location"]).content.decode()

    assert response.status_code == 302
    assert services.BROKER_DOWN_MESSAGE in page
    report = AnnualReport.objects.get()
    assert report.status == Status.QUEUED and report.enqueue_error


def test_publishing_a_ready_report_lists_it_publicly(report_world, support_client, client):
    _built(report_world)

    response = support_client.post(reverse("reports:report-publish", args=[2014]), follow=True)

    assert "The 2014/15 report is published." in response.content.decode()
    assert AnnualReport.objects.get().status == Status.PUBLISHED
    assert reverse("reports:report-pdf", args=[2014]) in support_client.get(LIST_URL).content.decode()


def test_publishing_a_report_that_is_not_ready_is_refused_with_a_reason(report_world, support_client):
    services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False)

    response = support_client.post(reverse("reports:report-publish", args=[2014]), follow=True)

    assert "Only a report that is ready can be published" in response.content.decode()
    assert AnnualReport.objects.get().status == Status.QUEUED


def test_the_chair_introduction_is_saved_per_year_and_kept_when_refused(report_world, support_client):
    url = reverse("reports:report-introduction", args=[2014])

    response = support_client.post(url, {"text": "Dear residents,\n\nWhat a year."})
    assert response.status_code == 302
    assert report_world.plan.report_introductions.get(year=2014).text == "Dear residents,\n\nWhat a year."

    too_long = "x" * 20001
    response = support_client.post(url, {"text": too_long})
    assert response.status_code == 400
    assert too_long in response.content.decode()  # nothing typed is lost
    assert report_world.plan.report_introductions.get(year=2014).text == "Dear residents,\n\nWhat a year."


def test_manage_page_lists_every_year_of_the_plan(report_world, support_client):
    _built(report_world)

    page = support_client.get(MANAGE_URL).content.decode()

    for label in ("2010/11", "2011/12", "2012/13", "2013/14", "2014/15", "2015/16"):
        assert label in page
    assert "Ready to publish" in page

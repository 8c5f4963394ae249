"""The annual report in S3-compatible object storage (``S3_BUCKET``): every build in the private
bucket, sent only after the permission check, by a short-lived signed URL.

Against a real S3-compatible server (``s3_storages`` in the root conftest: moto's server, or
``S3_TEST_ENDPOINT_URL``). moto refuses unsigned reads but checks neither a signature's
validity nor its expiry, so expiry is checked on the URL the portal issues.
"""

from __future__ import annotations

import datetime
import urllib.error
import urllib.request
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone

from reports import services, tasks
from reports.models import BUILDS_STORAGE, AnnualReport

PDF_URL = reverse("reports:report-pdf", args=[2014])
PAGE_URL = reverse("reports:report-detail", args=[2014])


def _built(world, *, publish_by=None) -> AnnualReport:
    request = services.annual_report_request(plan=world.plan, year=2014, enqueue=False)
    report = services.annual_report_build(report_id=request.report.pk).report
    if publish_by is not None:
        report = services.annual_report_publish(report=report, published_by=publish_by)
    return report


def _fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` as a browser with no credentials would: status, headers (names in lower case), body."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — the test's own server
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as refused:
        return refused.code, {k.lower(): v for k, v in refused.headers.items()}, b""


def _signed_download(response, settings) -> bytes:
    """Follow the view's redirect to the bucket, after checking it is a fresh, short-lived signed URL."""
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"  # the URL expires: no cache may keep the redirect
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == [str(settings.S3_SIGNED_URL_SECONDS)]
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    assert abs(timezone.now() - signed_at) < datetime.timedelta(minutes=1)  # issued for this request
    assert "X-Amz-Signature" in query
    status, headers, body = _fetch(location)
    assert status == 200
    assert headers["content-type"] == "application/pdf"
    assert 'filename="tiny-plan-annual-report-2014-15.pdf"' in headers["content-disposition"]
    return body


def test_a_build_is_kept_in_the_private_bucket_and_refused_to_anyone_without_a_signature(report_world, s3_storages):
    report = _built(report_world)

    assert s3_storages.keys() == sorted(
        [f"private/builds/{report.file.name}", f"private/builds/{report.html_file.name}"]
    )
    pdf = s3_storages.client.get_object(Bucket=s3_storages.name, Key=f"private/builds/{report.file.name}")
    assert pdf["Body"].read().startswith(b"%PDF-")
    for name in (report.file.name, report.html_file.name):
        status, _, body = _fetch(s3_storages.plain_url(f"private/builds/{name}"))
        assert status == 403 and body == b""


def test_a_rebuild_replaces_the_files_in_the_bucket(report_world, s3_storages):
    first = _built(report_world)
    rebuilt = services.annual_report_build(
        report_id=services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False).report.pk,
        force=True,
    ).report

    assert rebuilt.file.name != first.file.name
    assert s3_storages.keys("private/builds/") == sorted(
        [f"private/builds/{rebuilt.file.name}", f"private/builds/{rebuilt.html_file.name}"]
    )


def test_an_unpublished_report_is_refused_with_no_signed_url_to_all_but_the_support_group(
    report_world, personas, client, s3_storages
):
    _built(report_world)

    for persona in ("anonymous", "resident", "outsider", "officer", "forum_lead", "board_member"):
        client.logout()
        if persona != "anonymous":
            client.force_login(personas[persona])
        for url in (PDF_URL, PAGE_URL):
            response = client.get(url)
            assert response.status_code == 404, (persona, url)
            assert "X-Amz-Signature" not in response.get("Location", "") + response.content.decode()


def test_the_support_group_previews_an_unpublished_report_by_a_signed_url(
    report_world, personas, client, s3_storages, settings
):
    report = _built(report_world)
    client.force_login(personas["support_group"])

    response = client.get(PDF_URL)
    assert (
        _signed_download(response, settings)
        == s3_storages.client.get_object(Bucket=s3_storages.name, Key=f"private/builds/{report.file.name}")[
            "Body"
        ].read()
    )
    page = client.get(PAGE_URL)  # the HTML version, read from the bucket by the web node
    assert page.status_code == 200 and "Preview." in page.content.decode()


def test_a_published_report_is_read_by_anyone_through_the_portal(report_world, personas, client, s3_storages, settings):
    report = _built(report_world, publish_by=personas["support_group"])

    for persona in ("anonymous", "resident"):
        if persona != "anonymous":
            client.force_login(personas[persona])
        assert _signed_download(client.get(PDF_URL), settings).startswith(b"%PDF-")
        page = client.get(PAGE_URL)
        assert page.status_code == 200 and "Safety" in page.content.decode()
    # The stable-named copy is in the bucket too, and just as private: only the portal hands it out.
    pdf_name, html_name = report.public_names
    assert s3_storages.keys("published/") == sorted([f"published/{pdf_name}", f"published/{html_name}"])
    assert _fetch(s3_storages.plain_url(f"published/{pdf_name}"))[0] == 403


def test_a_missing_file_is_not_found_rather_than_a_redirect_to_nothing(report_world, personas, client, s3_storages):
    report = _built(report_world, publish_by=personas["support_group"])
    s3_storages.client.delete_object(Bucket=s3_storages.name, Key=f"private/builds/{report.file.name}")

    assert client.get(PDF_URL).status_code == 404


def test_the_sweep_removes_files_no_report_points_at_from_the_bucket(report_world, personas, s3_storages):
    report = _built(report_world, publish_by=personas["support_group"])
    storages[BUILDS_STORAGE].save("reports/left-by-a-killed-build.pdf", ContentFile(b"%PDF-half"))

    services._remove_abandoned_files(timezone.now() + datetime.timedelta(minutes=1))

    assert s3_storages.keys("private/builds/") == sorted(
        [f"private/builds/{report.file.name}", f"private/builds/{report.html_file.name}"]
    )
    assert len(s3_storages.keys("published/")) == 2  # the published copies are kept


def test_an_object_store_outage_leaves_the_build_queued_for_the_task_to_retry(report_world, s3_storages):
    report_id = services.annual_report_request(plan=report_world.plan, year=2014, enqueue=False).report.pk
    outage = EndpointConnectionError(endpoint_url=s3_storages.endpoint_url)

    with (
        mock.patch("storages.backends.s3.S3Storage._save", side_effect=outage),
        pytest.raises(EndpointConnectionError),
    ):
        services.annual_report_build(report_id=report_id, final_attempt=False)

    report = AnnualReport.objects.get(pk=report_id)
    assert report.status == AnnualReport.Status.QUEUED and "trying again" in report.error_message
    assert issubclass(EndpointConnectionError, tasks.build_annual_report.autoretry_for)  # as a disk error is
    assert s3_storages.keys() == []

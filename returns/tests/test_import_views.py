"""Bulk entry through the browser: template, upload, preview, confirm — all or nothing."""

import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from returns.models import QuarterlyReturn, ReturnValue
from returns.tests import hostile

pytestmark = pytest.mark.django_db


def url(name, world, *extra):
    return reverse(f"returns:{name}", args=[world.safety.pk, world.period.pk, *extra])


def filled_template(client, world, value="12", bad_row=None):
    response = client.get(url("return-template", world, "csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    for number, row in enumerate(rows[1:], start=2):
        row[header.index("value")] = "not a number" if number == bad_row else value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return SimpleUploadedFile("return.csv", out.getvalue().encode(), content_type="text/csv")


def test_upload_preview_confirm(client, world):
    client.force_login(world.users["officer"])
    upload = filled_template(client, world)
    response = client.post(url("return-import", world), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check before importing" in html
    assert not ReturnValue.objects.exists()  # the preview writes nothing
    token = response.context["token"]
    version = response.context["result"].version
    response = client.post(url("return-import", world), {"token": token, "version": version}, follow=True)
    assert "Imported 4 value(s)" in response.content.decode()
    assert ReturnValue.objects.count() == 4  # two borough values and two areas


def test_file_with_one_bad_row_changes_nothing_and_names_the_row(client, world):
    client.force_login(world.users["officer"])
    upload = filled_template(client, world, bad_row=3)
    response = client.post(url("return-import", world), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: 1 problem in the file" in html
    assert '<th scope="row">3</th>' in html
    assert not ReturnValue.objects.exists()


def test_board_members_cannot_download_templates_or_import(client, world):
    client.force_login(world.users["board"])
    assert client.get(url("return-template", world, "csv")).status_code == 403
    assert client.get(url("return-import", world)).status_code == 403
    client.force_login(world.users["other_officer"])
    assert client.get(url("return-import", world)).status_code == 404
    assert not QuarterlyReturn.objects.exists()


# --- Hostile files: a message on the upload page within seconds, never a 500 ------------------


def post_timed(client, world, upload):
    started = time.perf_counter()
    response = client.post(url("return-import", world), {"file": upload})
    return response, time.perf_counter() - started


def test_a_csv_of_fifty_thousand_bad_rows_answers_quickly_with_the_first_rows(client, world):
    client.force_login(world.users["officer"])
    response, elapsed = post_timed(client, world, hostile.bad_rows_csv())
    html = response.content.decode()
    assert elapsed < 10  # the bound, loosely: it used to run into gunicorn's 30 s timeout
    assert response.status_code == 400
    assert "Reading stopped at row 102: 100 rows above it have problems." in html
    assert html.count('<th scope="row">') == 300  # rows 2-101, three problems each; not 150,000
    assert '<th scope="row">101</th>' in html and '<th scope="row">102</th>' not in html
    assert client.get(reverse("health")).status_code == 200


def test_a_hostile_workbook_is_refused_next_to_the_file_field(client, world):
    client.force_login(world.users["officer"])
    template = client.get(url("return-template", world, "xlsx")).content
    upload = hostile.with_shared_strings(template, hostile.huge_shared_strings(103))
    assert upload.size < 512 * 1024

    response, elapsed = post_timed(client, world, upload)
    assert elapsed < 10
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["file"] == [
        "The Excel file is too large to read: its part sharedStrings.xml unpacks to 98 MB, over the 20 MB limit. "
        "Save the sheet as CSV and upload that."
    ]
    html = response.content.decode()
    assert 'id="id_file"' in html and "sharedStrings.xml unpacks to 98 MB" in html
    assert "<table" not in html  # no table of row problems for a problem with the whole file
    assert not ReturnValue.objects.exists()


def test_the_page_lists_at_most_500_problems_and_says_how_many_more(client, world, settings):
    settings.IMPORT_MAX_ROW_ERRORS = 1_000
    client.force_login(world.users["officer"])
    response = client.post(url("return-import", world), {"file": hostile.bad_rows_csv(1_000)})
    html = response.content.decode()
    assert html.count('<th scope="row">') == 500
    assert "…and 2500 more." in html

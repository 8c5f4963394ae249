"""Bulk entry through the browser: template, upload, preview, confirm — all or nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import QuarterlyReturn, ReturnValue

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
    assert ReturnValue.objects.count() == 4  # two borough values and two wards


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

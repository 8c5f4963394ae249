"""The returns pages' small forms sent back with problems: the GOV.UK error pattern.

(The return form itself comes later, with its own summary naming indicator and area.)
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.tests.error_pattern import summary_items
from returns.forms import ReasonForm

pytestmark = pytest.mark.django_db


def test_an_upload_with_no_file_links_the_summary_to_the_file_box(client, world):
    client.force_login(world.users["officer"])
    response = client.post(reverse("returns:return-import", args=[world.safety.pk, world.period.pk]), {})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r"<title>Error: Import values: ", html)
    assert re.search(r'<main id="main"[^>]*>\s*<div class="error-summary" id="error-summary" tabindex="-1">', html)
    [(target, message)] = summary_items(html)
    assert target == "id_file"
    assert re.search(r'<input type="file"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*id_file_error', html)
    assert re.search(
        rf'<div id="id_file_error"[^>]*>\s*<span[^>]*><strong><span class="visually-hidden">Error: </span>{message}',
        html,
    )


def test_a_file_with_problems_in_its_rows_is_an_error_page_too(client, world):
    client.force_login(world.users["officer"])
    upload = b"indicator_code,ward_code,value\nZZ-99,,12\n"
    response = client.post(
        reverse("returns:return-import", args=[world.safety.pk, world.period.pk]),
        {"file": SimpleUploadedFile("values.csv", upload, content_type="text/csv")},
    )
    assert response.status_code == 400
    assert "<title>Error: Import values: " in response.content.decode()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "Enter a reason"),
        ({"required": "Enter a reason for sending the return back"}, "Enter a reason for sending the return back"),
    ],
)
def test_a_reason_left_empty_says_what_to_enter(kwargs, message):
    form = ReasonForm({"reason": "  "}, label="What the forum needs to change", **kwargs)
    assert form.errors == {"reason": [message]}


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("returns:return-send-back", "Enter a reason for sending the return back"),
        ("returns:return-reopen", "Enter a reason for reopening the return"),
    ],
)
def test_a_step_that_needs_a_reason_shows_the_page_again_with_the_problem(client, world, step, message):
    world.safety_return()
    client.force_login(world.users["support"])
    response = client.post(reverse(step, args=[world.safety.pk, world.period.pk]), {"reason": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r"<title>Error: ", html)
    [(target, text)] = summary_items(html)
    assert (target, text) == ("id_reason", message)

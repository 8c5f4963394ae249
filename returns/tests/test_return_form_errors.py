"""The returns pages' small forms sent back with problems: the GOV.UK error pattern.

The return form names the indicator and the area of each problem in its summary.
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
    upload = b"indicator_code,area_code,value\nZZ-99,,12\n"
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


# The return form itself: the summary names the indicator and the area of every problem.


def _return_url(name, world):
    return reverse(f"returns:{name}", args=[world.safety.pk, world.period.pk])


def _return_error_page(response, expected: dict[str, tuple[str, str]]) -> str:
    """The GOV.UK pattern on the return form: each summary line names indicator and area and links
    to its input, which is marked invalid and described by the field's own, shorter message."""
    from partnership.tests.error_pattern import GENERIC, _described_by, _element_text

    html = response.content.decode()
    assert re.search(r"<title>Error: ", html)
    assert GENERIC not in html
    assert re.search(r'<main id="main"[^>]*>\s*<div class="error-summary" id="error-summary" tabindex="-1">', html)
    assert re.search(r'id="error-summary"[^>]*>\s*<h2 class="error-summary-title">There is a problem</h2>', html)
    assert '<script src="/static/js/error-summary.js" defer></script>' in html
    assert summary_items(html) == [(input_id, summary) for input_id, (summary, _own) in expected.items()]
    for input_id, (_summary, own) in expected.items():
        texts = [_element_text(html, ref) for ref in _described_by(html, input_id)]
        assert f"Error: {own}" in texts, f"#{input_id} is described by {texts}"
    return html


def _values(world, **extra):
    from returns.services import value_key

    data = {"version": "1", "progress_summary": "Panels met in every area."}
    for indicator in (world.crime, world.feel_safe):
        key = value_key(indicator.pk, None)
        data.update({f"{key}-status": "final", f"{key}-quality": "good"})
    data.update(extra)
    return data


def test_a_submitted_return_with_missing_values_names_each_by_indicator_and_area(client, world):
    from returns.services import value_key

    client.force_login(world.users["officer"])
    # Only the borough-wide values are typed: both areas of "Recorded crime" are missing.
    data = _values(world, **{f"{value_key(world.crime.pk, None)}-value": "880"})
    data[f"{value_key(world.feel_safe.pk, None)}-value"] = "74"
    response = client.post(_return_url("return-edit", world), {**data, "submit": "1"})
    assert response.status_code == 400
    boxmoor, highfield = world.areas  # in the order of their names, as the page lists them
    missing = "Enter a value, or say why there is none"
    html = _return_error_page(
        response,
        {
            f"id_{value_key(world.crime.pk, boxmoor.pk)}-value": (f"Recorded crime — Boxmoor: e{missing[1:]}", missing),
            f"id_{value_key(world.crime.pk, highfield.pk)}-value": (
                f"Recorded crime — Highfield: e{missing[1:]}",
                missing,
            ),
        },
    )
    assert "Saved as a draft but not submitted: 2 things to fix" in html
    # The area values fold away behind a <details>: holding problems, it is open.
    assert re.search(r"<details class=\"mt-2\" open>\s*<summary>Values by ward", html)


def test_a_value_it_refuses_is_named_by_indicator_and_the_whole_area(client, world):
    from returns.services import value_key

    client.force_login(world.users["officer"])
    data = _values(world, **{f"{value_key(world.feel_safe.pk, None)}-value": "lots"})
    response = client.post(_return_url("return-edit", world), data)
    assert response.status_code == 400
    _return_error_page(
        response,
        {
            f"id_{value_key(world.feel_safe.pk, None)}-value": (
                "Feel safe — whole area: enter a number, like 1234 or 56.7.",
                "Enter a number, like 1234 or 56.7.",
            )
        },
    )
    assert '<details class="mt-2">' in response.content.decode()  # no problem among the areas: still folded


def test_one_reason_covers_every_area_of_an_indicator_left_without_a_value(client, world):
    from returns.forms import QuarterlyReturnForm
    from returns.models import QuarterlyReturn
    from returns.services import value_key

    client.force_login(world.users["officer"])
    boxmoor, highfield = world.areas
    data = _values(
        world,
        **{
            f"{value_key(world.crime.pk, None)}-value": "880",
            f"{value_key(world.feel_safe.pk, None)}-value": "74",
            f"{value_key(world.crime.pk, boxmoor.pk)}-value": "440",
            f"{value_key(world.crime.pk, highfield.pk)}-reason": "",
            QuarterlyReturnForm.areas_reason_name(world.crime): "The police system was down",
        },
    )
    response = client.post(_return_url("return-edit", world), {**data, "submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    ret = QuarterlyReturn.objects.get()
    assert ret.status == QuarterlyReturn.Status.SUBMITTED
    rows = {row.area_id: row for row in ret.values.filter(indicator=world.crime)}
    assert rows[highfield.pk].value is None
    assert rows[highfield.pk].no_value_reason == "The police system was down"
    # An area with a value, or a reason of its own, keeps its own.
    assert rows[boxmoor.pk].no_value_reason == ""


def test_a_area_own_reason_wins_over_the_indicator_wide_one(world):
    from returns.forms import QuarterlyReturnForm
    from returns.selectors import return_form_data
    from returns.services import return_for, value_key

    boxmoor, highfield = world.areas
    data_model = return_form_data(return_for(forum=world.safety, period=world.period))
    form = QuarterlyReturnForm(
        _values(
            world,
            **{
                f"{value_key(world.crime.pk, boxmoor.pk)}-reason": "Not collected in Boxmoor",
                QuarterlyReturnForm.areas_reason_name(world.crime): "Not published yet",
            },
        ),
        data_model=data_model,
    )
    assert form.is_valid(), form.errors
    reasons = {(item.indicator_id, item.area_id): item.no_value_reason for item in form.value_inputs()}
    assert reasons[(world.crime.pk, boxmoor.pk)] == "Not collected in Boxmoor"
    assert reasons[(world.crime.pk, highfield.pk)] == "Not published yet"
    assert reasons[(world.crime.pk, None)] == ""  # the borough-wide value is not an area's

"""A return asks each indicator for the areas of its own kind: the form, the checks, imports, reminders."""

import csv
import datetime
import io
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Indicator
from partnership.models import Area, AreaKind
from returns import imports, services
from returns.reminders import send_return_reminders
from returns.selectors import return_form_data
from returns.services import value_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_world(world):
    """The returns world's two wards, two policing areas, and a burglary indicator reported by policing area."""
    town = Area.objects.create(name="Hemel Hempstead Town", slug="hh-town", kind=AreaKind.POLICING_AREA, code="C14")
    tring = Area.objects.create(name="Tring", slug="tring-police", kind=AreaKind.POLICING_AREA, code="C15")
    burglary = Indicator.objects.create(
        theme=world.crime.theme,
        code="CS-04",
        slug="burglary",
        title="Burglary",
        definition="d",
        polarity="lower",
        source="Police",
        area_kind=AreaKind.POLICING_AREA,
        min_value=D(0),
    )
    world.extra = {"town": town, "tring": tring, "burglary": burglary}
    return world


def test_the_return_asks_each_indicator_for_the_areas_of_its_kind_only(police_world):
    world = police_world
    blocks = {block.indicator.code: block for block in return_form_data(world.safety_return()).blocks}

    assert [line.area.name for line in blocks["CS-02"].areas] == ["Boxmoor", "Highfield"]
    assert [line.area.name for line in blocks["CS-04"].areas] == ["Hemel Hempstead Town", "Tring"]
    assert blocks["CS-01"].areas == []


def test_the_return_form_page_names_the_kind_and_has_no_field_for_other_kinds(client, police_world):
    world = police_world
    client.force_login(world.users["officer"])
    html = client.get(reverse("returns:return-edit", args=[world.safety.pk, world.period.pk])).content.decode()

    burglary, town, boxmoor = world.extra["burglary"], world.extra["town"], world.areas[0]
    assert f'name="{value_key(burglary.pk, town.pk)}-value"' in html
    assert f'name="{value_key(burglary.pk, boxmoor.pk)}-value"' not in html
    assert f'name="{value_key(world.crime.pk, town.pk)}-value"' not in html
    assert "Values by policing area (2 policing areas)" in html
    assert "Values by ward (2 wards)" in html
    assert "Why there are no values for the policing areas left empty" in html


def test_submitting_needs_values_only_for_the_areas_of_each_indicators_kind(police_world):
    world = police_world
    problems = services.return_problems(world.safety_return())

    burglary, town, boxmoor = world.extra["burglary"], world.extra["town"], world.areas[0]
    assert value_key(burglary.pk, town.pk) in problems
    assert value_key(world.crime.pk, boxmoor.pk) in problems
    assert value_key(burglary.pk, boxmoor.pk) not in problems
    assert value_key(world.crime.pk, town.pk) not in problems


def test_the_import_template_lists_the_areas_of_each_indicators_kind(police_world):
    world = police_world
    rows = imports._template_rows(world.safety_return())
    by_indicator = {}
    for row in rows:
        by_indicator.setdefault(row[0], []).append(row[2])

    assert by_indicator["CS-04"] == ["", "C14", "C15"]
    assert by_indicator["CS-02"] == ["", "W0", "W1"]
    assert by_indicator["CS-01"] == [""]


def _upload(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(imports.COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in imports.COLUMNS])
    return SimpleUploadedFile("return.csv", out.getvalue().encode(), content_type="text/csv")


def test_an_import_row_naming_an_area_of_another_kind_is_refused(client, police_world):
    world = police_world
    client.force_login(world.users["officer"])
    period = world.period.label
    upload = _upload(
        [
            {"indicator_code": "CS-04", "area_code": "W0", "period": period, "value": "12"},
            {"indicator_code": "CS-02", "area_name": "Tring", "period": period, "value": "7"},
            {"indicator_code": "CS-04", "area_code": "C99", "period": period, "value": "3"},
            {"indicator_code": "CS-04", "area_code": "C14", "area_name": "Hemel Hempstead Town", "period": period},
        ]
    )
    response = client.post(reverse("returns:return-import", args=[world.safety.pk, world.period.pk]), {"file": upload})
    html = response.content.decode()

    assert "CS-04 is reported by policing area: Boxmoor ward is not a policing area." in html
    assert "CS-02 is reported by ward: Tring policing area is not a ward." in html
    assert "No policing area has the code “C99”." in html


def test_reminders_say_which_areas_the_return_asks_for(police_world, settings, django_capture_on_commit_callbacks):
    world = police_world
    settings.RETURN_REMINDER_DAYS_BEFORE = 7
    today = world.period.return_deadline - datetime.timedelta(days=3)

    with django_capture_on_commit_callbacks(execute=True):
        send_return_reminders(today=today)

    bodies = {message.subject: message.body for message in mail.outbox}
    assert len(bodies) == 2, list(bodies)
    safety = next(body for subject, body in bodies.items() if "Community Safety Partnership" in subject)
    assert "It asks for values for the borough as a whole and for each ward and each policing area." in safety
    environment = next(body for subject, body in bodies.items() if "Environmental Forum" in subject)
    assert "It asks for values" not in environment

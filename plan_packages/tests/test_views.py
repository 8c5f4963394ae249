"""The administrators' upload page: staff only; a preview or every problem; "Import" confirms."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.models import CommunityPlan
from plan_packages.files import write_workbook
from plan_packages.tests.conftest import small_tables

pytestmark = pytest.mark.django_db
URL = "/admin/plan-packages/import/"


def _upload(**changes) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    write_workbook(buffer, small_tables(**changes))
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue())


@pytest.fixture
def staff(django_user_model):
    """In an empty portal only a superuser starts a partnership; later, its administrators import in its admin."""
    return django_user_model.objects.create_user("staffer", password="x", is_staff=True, is_superuser=True)


def test_staff_with_no_seat_in_a_partnership_is_sent_to_sign_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("clerk", password="x", is_staff=True))
    response = client.get("/admin/plan-packages/import/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_url_is_named():
    assert reverse("plan_packages:import") == URL


def test_staff_gets_the_upload_form(client, staff, django_assert_num_queries):
    client.force_login(staff)
    # The session, the user, the user's memberships (the navigation says what they may do), and
    # the list of partnerships (an empty portal: not in the cache until one is made).
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_ordinary_user_is_refused(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("resident", password="x"))
    response = client.post(URL, {"package": _upload()})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not CommunityPlan.objects.exists()


def test_staff_sees_a_preview_then_imports_on_confirming(client, staff):
    client.force_login(staff)

    preview = client.post(URL, {"package": _upload()})

    assert preview.status_code == 200
    assert "Ready to import “testshire-2030”" in preview.content.decode()
    assert not CommunityPlan.objects.exists()
    done = client.post(URL, {"confirm": "1"})
    assert done.status_code == 302
    assert CommunityPlan.objects.get().slug == "testshire-2030"


def test_staff_sees_every_problem_next_to_the_file_field(client, staff):
    client.force_login(staff)

    response = client.post(URL, {"package": _upload(areas=[{"name": "North", "code": "E05009999", "population": "x"}])})

    page = response.content.decode()
    assert response.status_code == 200
    assert "areas row 2, column population: &#x27;x&#x27; is not a whole number" in page
    assert "Error:" in page  # the title's prefix
    assert not CommunityPlan.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_by_name(client, staff):
    client.force_login(staff)

    response = client.post(URL, {"package": SimpleUploadedFile("plan.xlsx", b"not a zip")})

    assert "The file is not a readable .xlsx workbook." in response.content.decode()
    assert not CommunityPlan.objects.exists()

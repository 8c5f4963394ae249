"""A previewed plan package waits for "Import" in the private bucket (``S3_BUCKET``), not in the session.

Against a real S3-compatible server (``s3_storages`` in the root conftest): the preview and
the import may be answered by different web nodes.
"""

import datetime
import urllib.error
import urllib.request

import pytest

from partnership.models import CommunityPlan
from plan_packages import services

from .test_views import URL, _upload

pytestmark = pytest.mark.django_db
WAITING = "private/imports/plan-packages/"


def _anonymous_status(address: str) -> int:
    try:
        with urllib.request.urlopen(address, timeout=10) as response:  # noqa: S310 — the test's own server
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


@pytest.fixture
def staff_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staffer", password="x", is_staff=True, is_superuser=True))
    return client


def test_the_package_waits_in_the_private_bucket_until_it_is_imported(staff_client, s3_storages):
    assert staff_client.post(URL, {"package": _upload()}).status_code == 200
    assert staff_client.post(URL, {"package": _upload()}).status_code == 200  # previewed again: one waits

    (waiting,) = s3_storages.keys(WAITING)
    assert waiting.endswith(".xlsx")
    assert _anonymous_status(s3_storages.plain_url(waiting)) == 403
    assert not CommunityPlan.objects.exists()
    assert len(str(staff_client.session["plan_package_upload"])) < 200  # a name, not the workbook

    assert staff_client.post(URL, {"confirm": "1"}).status_code == 302

    assert CommunityPlan.objects.get().slug == "testshire-2030"
    assert s3_storages.keys(WAITING) == []


def test_packages_never_imported_are_purged_from_the_bucket_once_old(staff_client, s3_storages):
    staff_client.post(URL, {"package": _upload()})

    assert services.package_uploads_purge() == 0  # a day old at the earliest
    assert services.package_uploads_purge(older_than=datetime.timedelta(0)) == 1
    assert s3_storages.keys(WAITING) == []
    response = staff_client.post(URL, {"confirm": "1"}, follow=True)
    assert "Upload the package again: the preview has expired." in response.content.decode()
    assert not CommunityPlan.objects.exists()

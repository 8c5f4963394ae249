"""An uploaded return waits for its confirmation in the private bucket (``S3_BUCKET``), and leaves it.

Against a real S3-compatible server (``s3_storages`` in the root conftest). The preview
and the confirmation may be answered by different web nodes: the upload is in the
bucket they share, never on one node's disk.
"""

from __future__ import annotations

import datetime
import urllib.error
import urllib.request

import pytest

from returns import imports
from returns.models import ReturnValue

from .test_import_views import filled_template, url

pytestmark = pytest.mark.django_db

WAITING = "private/imports/return-imports/"


def _anonymous_status(address: str) -> int:
    try:
        with urllib.request.urlopen(address, timeout=10) as response:  # noqa: S310 — the test's own server
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def _preview(client, world):
    client.force_login(world.users["officer"])
    response = client.post(url("return-import", world), {"file": filled_template(client, world)})
    assert response.status_code == 200
    return response.context["token"], response.context["result"].version


def test_the_upload_waits_in_the_private_bucket_until_it_is_confirmed(client, world, s3_storages):
    token, version = _preview(client, world)

    (waiting,) = s3_storages.keys(WAITING)
    assert waiting.endswith(".csv")
    assert _anonymous_status(s3_storages.plain_url(waiting)) == 403
    assert not ReturnValue.objects.exists()

    response = client.post(url("return-import", world), {"token": token, "version": version}, follow=True)

    assert "Imported 4 value(s)" in response.content.decode()
    assert ReturnValue.objects.count() == 4
    assert s3_storages.keys(WAITING) == []  # deleted once imported


def test_a_cancelled_preview_leaves_nothing_in_the_bucket(client, world, s3_storages):
    token, version = _preview(client, world)

    client.post(url("return-import", world), {"token": token, "version": version, "cancel": "1"})

    assert s3_storages.keys(WAITING) == []
    assert not ReturnValue.objects.exists()


def test_uploads_nobody_confirmed_are_purged_from_the_bucket_once_old(client, world, s3_storages):
    _preview(client, world)
    _preview(client, world)

    assert imports.import_stash_purge() == 0  # a day old at the earliest: both kept
    assert len(s3_storages.keys(WAITING)) == 2
    assert imports.import_stash_purge(older_than=datetime.timedelta(0)) == 2
    assert s3_storages.keys(WAITING) == []

"""``STORAGES`` from the environment: folders without ``S3_BUCKET``, private prefixes of one bucket with it."""

from __future__ import annotations

import pytest

from partnership.file_stores import PREFIXES, file_stores

from .test_settings import run_manage

STORES = {"default", "return_imports", "report_builds", "published_reports"}


def test_without_a_bucket_the_private_stores_are_a_folder_nothing_serves():
    stores = file_stores(
        s3_bucket="", s3_endpoint_url="", s3_region="eu-west-2", signed_url_seconds=300, private_root="/srv/private"
    )

    assert set(stores) == STORES
    assert {store["BACKEND"] for store in stores.values()} == {"django.core.files.storage.FileSystemStorage"}
    for private in ("return_imports", "report_builds"):
        assert stores[private]["OPTIONS"] == {"location": "/srv/private"}
    assert "OPTIONS" not in stores["published_reports"]  # MEDIA_ROOT


@pytest.mark.parametrize("endpoint", ["", "http://127.0.0.1:9000"])
def test_with_a_bucket_every_store_is_a_private_prefix_whose_urls_are_signed(endpoint):
    stores = file_stores(
        s3_bucket="lsp-files", s3_endpoint_url=endpoint, s3_region="eu-west-2", signed_url_seconds=120, private_root=""
    )

    assert set(stores) == STORES
    for alias, store in stores.items():
        options = store["OPTIONS"]
        assert store["BACKEND"] == "storages.backends.s3.S3Storage"
        assert options["bucket_name"] == "lsp-files" and options["location"] == PREFIXES[alias]
        assert options["default_acl"] is None  # never public-read
        assert options["querystring_auth"] is True and options["querystring_expire"] == 120
        assert options["custom_domain"] is None
        assert options["endpoint_url"] == (endpoint or None)
        assert options["addressing_style"] == ("path" if endpoint else None)
    # No store's prefix lies inside another's: a listing or a sweep of one never reaches the next.
    prefixes = [f"{prefix}/" for prefix in PREFIXES.values()]
    assert not [(a, b) for a in prefixes for b in prefixes if a != b and a.startswith(b)]


def test_a_signed_url_lifetime_out_of_range_stops_the_process():
    result = run_manage("check", S3_SIGNED_URL_SECONDS="0")
    assert result.returncode != 0
    assert "S3_SIGNED_URL_SECONDS" in result.stderr

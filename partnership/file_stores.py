"""The portal's file stores (``settings.STORAGES``), on the local disk or in one S3-compatible bucket.

Plain data, no Django imports: ``partnership/settings.py`` builds ``STORAGES`` with it from
the environment, and the storage tests build the same with their own bucket, so that
they exercise what a deployment runs.
"""

from __future__ import annotations

# Each store's prefix in the bucket. Everything but "published" is never served as it is;
# a lifecycle rule may expire "private/imports/" (uploads nobody confirmed) after a day.
PREFIXES = {
    "default": "media",
    "return_imports": "private/imports",
    "report_builds": "private/builds",
    "published_reports": "published",
}
_LOCAL = "django.core.files.storage.FileSystemStorage"
_S3 = "storages.backends.s3.S3Storage"


def file_stores(
    *, s3_bucket: str, s3_endpoint_url: str, s3_region: str, signed_url_seconds: int, private_root: str
) -> dict[str, dict]:
    """``STORAGES`` entries for every file store: a prefix of ``s3_bucket`` each, or, without one, folders.

    On disk, ``return_imports`` and ``report_builds`` go to ``private_root`` (nothing
    serves it) and the others to ``MEDIA_ROOT``.
    """
    if not s3_bucket:
        private = {"location": private_root}
        return {
            "default": {"BACKEND": _LOCAL},
            "return_imports": {"BACKEND": _LOCAL, "OPTIONS": private},
            "report_builds": {"BACKEND": _LOCAL, "OPTIONS": private},
            "published_reports": {"BACKEND": _LOCAL},
        }
    return {
        alias: {
            "BACKEND": _S3,
            "OPTIONS": {
                "bucket_name": s3_bucket,
                "location": prefix,
                "endpoint_url": s3_endpoint_url or None,
                "region_name": s3_region,
                # Path-style for other providers: MinIO, moto and most others answer on one host name.
                "addressing_style": "path" if s3_endpoint_url else None,
                "signature_version": "s3v4",
                "default_acl": None,  # private: no object is ever written public-read
                "querystring_auth": True,  # every URL the storage gives is signed...
                "querystring_expire": signed_url_seconds,  # ...for this long
                "custom_domain": None,  # the bucket's own URLs, which the signature covers
                # As on disk: saving under a name that exists picks another, never overwrites
                # (reports.services relies on it when it copies a report to its stable name).
                "file_overwrite": False,
            },
        }
        for alias, prefix in PREFIXES.items()
    }

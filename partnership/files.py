"""Sending a stored file after the portal's permission check, from the local disk or object storage.

Every file the portal keeps is in one of ``settings.STORAGES`` and reached only through
Django's storage API, so that it may be a folder on this machine or a prefix of an
S3-compatible bucket (``S3_BUCKET``). A view decides who may have a file; this module
decides how the bytes get to them:

* on disk, the web worker streams the file (``FileResponse``);
* in a bucket, the view redirects to a URL signed for ``S3_SIGNED_URL_SECONDS``, made
  only now, after the check: the bytes go from the bucket to the browser, not through a
  web worker, and a copied link stops working within minutes. The bucket itself is never
  readable without a signature.
"""

from __future__ import annotations

import datetime

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage

# What reading or writing a stored file raises when the disk or the object store fails:
# retried like a database outage by the report build (reports.services, reports.tasks).
STORAGE_ERRORS: tuple[type[Exception], ...] = (OSError, BotoCoreError, ClientError)


def is_object_storage(storage) -> bool:
    """True for a bucket, whose files are sent by signed URL and have no local path."""
    return isinstance(storage, S3Storage)


def stored_file_response(file: FieldFile, *, filename: str, content_type: str, private: bool) -> HttpResponse:
    """The response that sends ``file`` to a visitor the calling view has already allowed.

    ``private``: not for shared caches (an unpublished report). A redirect to a signed
    URL is never cacheable at all, since the URL expires.
    """
    storage = file.storage
    if is_object_storage(storage):
        if not storage.exists(file.name):
            raise Http404("The file is missing.")
        url = storage.url(
            file.name,
            parameters={
                "ResponseContentType": content_type,
                "ResponseContentDisposition": content_disposition_header(as_attachment=False, filename=filename),
            },
        )
        response: HttpResponse = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing.") from exc
    response = FileResponse(handle, content_type=content_type, filename=filename)
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def delete_older_than(storage: Storage, folder: str, *, older_than: datetime.timedelta) -> int:
    """Delete the files in ``folder`` last written longer than ``older_than`` ago; returns how many.

    By listing and each file's modified time, which a folder and a bucket's prefix both
    answer: no record of the files is needed, and one a crash left behind is found too.
    """
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return 0  # a folder never written to (a bucket lists an empty prefix instead)
    cutoff = timezone.now() - older_than
    deleted = 0
    for name in files:
        path = f"{folder}/{name}"
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            deleted += 1
    return deleted

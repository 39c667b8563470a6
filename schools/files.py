"""Stored files (uploads and generated reports) as downloads, through the storage API only.

Every download view checks the permission first, then calls ``stored_file_response``: the file is
read through Django's storage (local disk or S3-compatible object storage), never by a filesystem
path and never by handing out a bucket URL. On object storage the object's body is streamed to
the client in blocks as it arrives, instead of being spooled whole into the web node's memory.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def stored_file_response(field_file: FieldFile, *, filename: str, content_type: str | None = None) -> FileResponse:
    """A download of ``field_file`` named ``filename``. FileNotFoundError when the storage has no
    such file (the caller turns it into a 404)."""
    handle = field_file.storage.open(field_file.name, "rb")
    s3_object = getattr(handle, "obj", None)  # django-storages' S3File: the object is HEAD-checked
    if s3_object is not None:
        from botocore.exceptions import ClientError

        try:
            body = s3_object.get()["Body"]  # botocore's StreamingBody: read(n) from the socket
        except ClientError as exc:  # deleted between the check and the read
            raise FileNotFoundError(field_file.name) from exc
        response = FileResponse(body, as_attachment=True, filename=filename, content_type=content_type)
        response["Content-Length"] = str(s3_object.content_length)
        return response
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)

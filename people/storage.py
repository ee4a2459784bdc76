"""Private files (consent scans): kept outside MEDIA_URL, served only by permission-checked views."""

import mimetypes
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):
        # Read on use, so a changed MEDIA_ROOT (tests, deployments) is honoured.
        return os.path.join(settings.MEDIA_ROOT, "private")

    def url(self, name):
        raise ValueError("private files have no public URL")


private_storage = PrivateStorage()


# Shown in the browser; any other upload is offered as a download.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}
# Types a page could run or apply (as a script, a stylesheet, a document) if served as they are.
ACTIVE_TYPES = {"text/html", "text/javascript", "application/javascript", "text/css", "image/svg+xml", "text/xml"}


def private_file_response(file, filename: str | None = None) -> FileResponse:
    """A private upload for a view that has checked permission: inline only if it is a PDF or an image."""
    filename = filename or os.path.basename(file.name)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if content_type in ACTIVE_TYPES or content_type.endswith("+xml"):
        content_type = "application/octet-stream"
    return FileResponse(
        file.open("rb"),
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
        filename=filename,
    )

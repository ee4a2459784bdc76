"""Spreadsheet uploads of the people and pairs imports: their limits, and where they wait.

An upload waits in private storage as ``imports/<school id>/<prefix><uuid>.<ext>`` from its
preview until its import has run (``people/import_jobs.py``); the job that keeps it belongs
to the school, so nobody can import another school's file, nor one kind of upload as another.
"""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.storage import private_storage

UPLOAD_EXTENSIONS = ("xlsx", "csv")
UPLOADS_FOLDER = "imports"
FORGOTTEN_AFTER = datetime.timedelta(days=1)
PREVIEW_ROWS = 200
# What a multipart request adds to the file it carries: the boundaries, the part headers, the CSRF token.
ENVELOPE_BYTES = 64 * 1024


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_MB * 1024 * 1024


def too_large_message(size: int) -> str:
    return _("The file is too large: %(size)s MB; at most %(limit)s MB.") % {
        "size": round(size / 1024 / 1024, 1),
        "limit": settings.IMPORT_MAX_MB,
    }


def declared_too_large(request) -> int | None:
    """The request's declared length when it cannot carry a file within the limit: told before reading the body."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    return length if length > max_upload_bytes() + ENVELOPE_BYTES else None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "XLSX (the first sheet is read) or CSV in UTF-8 or Windows-1251, up to %(limit)s MB and %(rows)s rows."
        ) % {"limit": settings.IMPORT_MAX_MB, "rows": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if extension_of(upload.name) not in UPLOAD_EXTENSIONS:
            raise ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > max_upload_bytes():
            raise ValidationError(too_large_message(upload.size))
        return upload


class KeptUploads:
    """The waiting uploads of one kind (``prefix`` tells the kinds apart)."""

    def __init__(self, prefix: str = ""):
        self.prefix = prefix

    @staticmethod
    def folder(school) -> str:
        return f"{UPLOADS_FOLDER}/{school.pk}"

    def keep(self, school, upload) -> tuple[uuid.UUID, str]:
        forget_abandoned(school)
        token = uuid.uuid4()
        name = private_storage.save(f"{self.folder(school)}/{self.prefix}{token}.{extension_of(upload.name)}", upload)
        return token, name


def forget_abandoned(school) -> None:
    """Previews nobody confirmed must not keep personal data around."""
    folder = KeptUploads.folder(school)
    if not private_storage.exists(folder):
        return
    _folders, files = private_storage.listdir(folder)
    for filename in files:
        name = f"{folder}/{filename}"
        if timezone.now() - private_storage.get_modified_time(name) > FORGOTTEN_AFTER:
            private_storage.delete(name)

"""Spreadsheet uploads waiting between a preview and its confirmation (people and pairs imports).

An upload waits in private storage as ``imports/<school id>/<prefix><uuid>.<ext>``; the
confirmation names it only by the uuid and looks for it in the current school's folder with
the same prefix, so nobody can import another school's file, nor one kind of upload as another.
"""

import datetime
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from people.storage import private_storage

UPLOAD_EXTENSIONS = ("xlsx", "csv")
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOADS_FOLDER = "imports"
FORGOTTEN_AFTER = datetime.timedelta(days=1)
PREVIEW_ROWS = 200
FLASHED_LINES = 20


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("XLSX (the first sheet is read) or CSV in UTF-8 or Windows-1251, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if extension_of(upload.name) not in UPLOAD_EXTENSIONS:
            raise ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("The file is too large: %(size)s MB; at most %(limit)s MB."),
                params={"size": round(upload.size / 1024 / 1024, 1), "limit": UPLOAD_MAX_BYTES // 1024 // 1024},
            )
        return upload


class ConfirmForm(forms.Form):
    upload = forms.UUIDField(widget=forms.HiddenInput)


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

    def find(self, school, token: uuid.UUID) -> str:
        """The stored name of an upload of this school and kind, or 404."""
        for extension in UPLOAD_EXTENSIONS:
            name = f"{self.folder(school)}/{self.prefix}{token}.{extension}"
            if private_storage.exists(name):
                return name
        raise Http404


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


def preview_context(report, filename: str, token: uuid.UUID) -> dict:
    return {
        "report": report,
        "filename": filename,
        "confirm_form": ConfirmForm(initial={"upload": token}),
        "preview_slice": f":{PREVIEW_ROWS}",
        "created_more": max(0, len(report.created) - PREVIEW_ROWS),
        "updated_more": max(0, len(getattr(report, "updated", [])) - PREVIEW_ROWS),
    }


def flash_report(request, report) -> None:
    """The import's summary as a message, naming the rejected lines."""
    if not report.rejected:
        messages.success(request, report.summary())
        return
    lines = ", ".join(str(row.line) for row in report.rejected[:FLASHED_LINES])
    if len(report.rejected) > FLASHED_LINES:
        lines += ", …"
    messages.warning(
        request, " ".join([report.summary(), _("Rejected lines (not imported): %(lines)s.") % {"lines": lines}])
    )

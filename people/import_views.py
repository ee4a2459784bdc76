"""The people bank's spreadsheet import (upload → preview → confirm) and export in the browser.

Between the preview and the confirmation the upload waits in private storage under
``imports/<school id>/<uuid>.<ext>``; the confirmation names it only by the uuid and
looks for it in the current school's folder, so nobody can import another school's file.
"""

import datetime
import uuid
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import Action
from audit.log import record
from audit.models import AuditAction
from people import columns
from people.exporting import export_people_xlsx
from people.filters import PersonFilter
from people.importing import ImportReport, UnreadableFile, import_people
from people.models import Person
from people.storage import private_storage

UPLOAD_EXTENSIONS = ("xlsx", "csv")
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOADS_FOLDER = "imports"
FORGOTTEN_AFTER = datetime.timedelta(days=1)
PREVIEW_ROWS = 200
FLASHED_LINES = 20
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("XLSX (the first sheet is read) or CSV in UTF-8 or Windows-1251, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if _extension(upload.name) not in UPLOAD_EXTENSIONS:
            raise ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("The file is too large: %(size)s MB; at most %(limit)s MB."),
                params={"size": round(upload.size / 1024 / 1024, 1), "limit": UPLOAD_MAX_BYTES // 1024 // 1024},
            )
        return upload


class ConfirmForm(forms.Form):
    upload = forms.UUIDField(widget=forms.HiddenInput)


@require_http_methods(["GET", "POST"])
def import_upload(request):
    """GET: the upload form. POST: a dry run of the uploaded file, shown as a preview to confirm."""
    _require(request, Action.IMPORT_PEOPLE)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token, name = _keep_upload(request.school, upload)
        try:
            report = _import_kept(request, name, dry_run=True)
        except UnreadableFile as exc:
            private_storage.delete(name)
            form.add_error("file", str(exc))
        else:
            return render(request, "people/import_preview.html", _preview_context(report, upload.name, token))
    context = {
        "form": form,
        "headers": columns.HEADERS,
        "may_export": request.user.has_perm(Action.EXPORT_PEOPLE, request.school),
    }
    return render(request, "people/import_upload.html", context)


@require_POST
def import_confirm(request):
    """Runs the real import of a previewed upload, then forgets the file."""
    _require(request, Action.IMPORT_PEOPLE)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404
    name = _kept_upload(request.school, form.cleaned_data["upload"])
    try:
        report = _import_kept(request, name, dry_run=False)
    except UnreadableFile as exc:
        messages.error(request, str(exc))
        return redirect("people:import")
    finally:
        private_storage.delete(name)
    _flash(request, report)
    return redirect("people:bank")


@require_GET
def export(request):
    """The current school's people, filtered as in the bank, as an XLSX the import reads back."""
    _require(request, Action.EXPORT_PEOPLE)
    people = PersonFilter(request.GET, queryset=Person.objects.for_school(request.school)).qs
    content = export_people_xlsx(people)
    filters = urlencode([(key, value) for key, value in request.GET.items() if value])
    record(
        actor=request.user,
        school=request.school,
        action=AuditAction.EXPORT,
        obj=request.school,
        changes={"people": people.count(), **({"filters": filters} if filters else {})},
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"people-{request.school.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _require(request, action: str) -> None:
    if not request.user.has_perm(action, request.school):
        raise PermissionDenied


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _folder(school) -> str:
    return f"{UPLOADS_FOLDER}/{school.pk}"


def _keep_upload(school, upload) -> tuple[uuid.UUID, str]:
    _forget_abandoned_uploads(school)
    token = uuid.uuid4()
    name = private_storage.save(f"{_folder(school)}/{token}.{_extension(upload.name)}", upload)
    return token, name


def _kept_upload(school, token: uuid.UUID) -> str:
    """The stored name of an upload of this school, or 404: a token of another school's file finds nothing here."""
    for extension in UPLOAD_EXTENSIONS:
        name = f"{_folder(school)}/{token}.{extension}"
        if private_storage.exists(name):
            return name
    raise Http404


def _forget_abandoned_uploads(school) -> None:
    """Previews nobody confirmed must not keep personal data around."""
    folder = _folder(school)
    if not private_storage.exists(folder):
        return
    _folders, files = private_storage.listdir(folder)
    for filename in files:
        name = f"{folder}/{filename}"
        if timezone.now() - private_storage.get_modified_time(name) > FORGOTTEN_AFTER:
            private_storage.delete(name)


def _import_kept(request, name: str, *, dry_run: bool) -> ImportReport:
    with private_storage.open(name, "rb") as file:
        return import_people(school=request.school, file=file, filename=name, actor=request.user, dry_run=dry_run)


def _preview_context(report: ImportReport, filename: str, token: uuid.UUID) -> dict:
    return {
        "report": report,
        "filename": filename,
        "confirm_form": ConfirmForm(initial={"upload": token}),
        "preview_slice": f":{PREVIEW_ROWS}",
        "created_more": max(0, len(report.created) - PREVIEW_ROWS),
        "updated_more": max(0, len(report.updated) - PREVIEW_ROWS),
    }


def _flash(request, report: ImportReport) -> None:
    if not report.rejected:
        messages.success(request, report.summary())
        return
    lines = ", ".join(str(row.line) for row in report.rejected[:FLASHED_LINES])
    if len(report.rejected) > FLASHED_LINES:
        lines += ", …"
    messages.warning(
        request, " ".join([report.summary(), _("Rejected lines (not imported): %(lines)s.") % {"lines": lines}])
    )

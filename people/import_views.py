"""The people bank's spreadsheet import (upload → preview → confirm) and export in the browser.

Between the preview and the confirmation the upload waits in private storage under
``imports/<school id>/<uuid>.<ext>``; the confirmation names it only by the uuid and
looks for it in the current school's folder, so nobody can import another school's file.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import Action
from audit.log import record
from audit.models import AuditAction
from people import columns
from people.exporting import export_people_xlsx, import_template_xlsx
from people.filters import PersonFilter
from people.importing import DELIMITERS, ImportReport, UnreadableFile, import_people
from people.models import Person
from people.storage import private_storage
from people.uploads import ConfirmForm, ImportForm, KeptUploads, flash_report, preview_context

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DELIMITER_NAMES = {";": "«;»", ",": "«,»", "\t": gettext_lazy("tab")}
UPLOADS = KeptUploads()


@require_http_methods(["GET", "POST"])
def import_upload(request):
    """GET: the upload form. POST: a dry run of the uploaded file, shown as a preview to confirm."""
    _require(request, Action.IMPORT_PEOPLE)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token, name = UPLOADS.keep(request.school, upload)
        try:
            report = _import_kept(request, name, dry_run=True)
        except UnreadableFile as exc:
            private_storage.delete(name)
            form.add_error("file", str(exc))
        else:
            return render(request, "people/import_preview.html", preview_context(report, upload.name, token))
    context = {
        "form": form,
        "headers": columns.HEADERS,
        "coded_columns": _coded_columns(),
        "delimiters": [DELIMITER_NAMES[delimiter] for delimiter in DELIMITERS],
        "may_export": request.user.has_perm(Action.EXPORT_PEOPLE, request.school),
    }
    return render(request, "people/import_upload.html", context)


@require_GET
def import_template(request):
    """An empty XLSX to fill: the headers the import reads, an example row and the allowed values."""
    _require(request, Action.IMPORT_PEOPLE)
    response = HttpResponse(import_template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="people-template.xlsx"'
    return response


def _coded_columns() -> list[dict]:
    """Each coded column's header and its values: the word the export writes, and the others it accepts."""
    return [
        {
            "header": columns.HEADER_OF_FIELD[key],
            "values": [{"word": words[0], "also": words[1:]} for words in columns.words_by_column(key).values()],
        }
        for key, _words in columns.CODED_COLUMNS
    ]


@require_POST
def import_confirm(request):
    """Runs the real import of a previewed upload, then forgets the file."""
    _require(request, Action.IMPORT_PEOPLE)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404
    name = UPLOADS.find(request.school, form.cleaned_data["upload"])
    try:
        report = _import_kept(request, name, dry_run=False)
    except UnreadableFile as exc:
        messages.error(request, str(exc))
        return redirect("people:import")
    finally:
        private_storage.delete(name)
    flash_report(request, report)
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


def _import_kept(request, name: str, *, dry_run: bool) -> ImportReport:
    with private_storage.open(name, "rb") as file:
        return import_people(school=request.school, file=file, filename=name, actor=request.user, dry_run=dry_run)

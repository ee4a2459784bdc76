"""The people bank's spreadsheet import (upload → preview → confirm → result) and export in the browser.

The upload's request only stores the file and queues its preview; the preview and the import run
as Celery tasks (``people/import_jobs.py``), and their job page shows the progress, then the
preview to confirm or the result. The pairs import (``mentoring/import_views.py``) goes through
the same steps, written here once.
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import Action
from audit.log import record
from audit.models import AuditAction
from people import columns, import_jobs
from people.exporting import export_people_xlsx, import_template_xlsx
from people.filters import PersonFilter
from people.importing import DELIMITERS
from people.models import ImportJob, Person
from people.uploads import ImportForm, declared_too_large, too_large_message

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DELIMITER_NAMES = {";": "«;»", ",": "«,»", "\t": gettext_lazy("tab")}
UPLOADS = import_jobs.PEOPLE.uploads


# The CSRF middleware would read the whole body for its token: this view first refuses an
# upload too large by its declared length, then checks the token (``upload_step``).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """GET: the upload form. POST: keeps the file, queues its preview and sends to the job's page."""
    _require(request, Action.IMPORT_PEOPLE)
    return upload_step(request, import_jobs.PEOPLE, "people", lambda form: _upload_page(request, form))


def _upload_page(request, form):
    context = {
        "form": form,
        "headers": columns.HEADERS,
        "coded_columns": _coded_columns(),
        "delimiters": [DELIMITER_NAMES[delimiter] for delimiter in DELIMITERS],
        "may_export": request.user.has_perm(Action.EXPORT_PEOPLE, request.school),
    }
    return render(request, "people/import_upload.html", context)


@require_GET
def import_job(request, token):
    _require(request, Action.IMPORT_PEOPLE)
    return job_page(request, import_jobs.job_of(request, token, import_jobs.PEOPLE), "people")


@require_GET
def import_job_status(request, token):
    _require(request, Action.IMPORT_PEOPLE)
    return job_status(request, import_jobs.job_of(request, token, import_jobs.PEOPLE))


@require_POST
def import_confirm(request, token):
    """Queues the real import of a previewed upload and sends to its job's page."""
    _require(request, Action.IMPORT_PEOPLE)
    return confirm_step(request, import_jobs.job_of(request, token, import_jobs.PEOPLE), "people")


# ---------------------------------------------------------------------------
# The steps both imports share; ``namespace`` names the app's URLs and templates.


def upload_step(request, kind, namespace: str, upload_page):
    if request.method == "POST" and (length := declared_too_large(request)) is not None:
        form = ImportForm(data={}, files={})
        form.errors["file"] = form.error_class([too_large_message(length)])
        response = upload_page(form)
        response.status_code = 413
        return response
    return _checked_upload(request, kind, namespace, upload_page)


@csrf_protect
def _checked_upload(request, kind, namespace: str, upload_page):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_jobs.start_preview(
            kind=kind,
            school=request.school,
            user=request.user,
            upload=form.cleaned_data["file"],
            language=translation.get_language(),
        )
        return redirect(f"{namespace}:import_job", token=job.token)
    return upload_page(form)


def job_page(request, job: ImportJob, namespace: str):
    context = {
        "job": job,
        "status_url": reverse(f"{namespace}:import_job_status", kwargs={"token": job.token}),
        "upload_url": reverse(f"{namespace}:import"),
        "progress_text": import_jobs.progress_text(job),
    }
    if job.status != ImportJob.Status.DONE:
        return render(request, "people/import_job.html", context)
    report = job.report
    shown = {key: len(report.get(key, [])) for key in ("created", "updated")}
    counts = report.get("counts", {})
    context |= {
        "report": report,
        "filename": job.original_name,
        "created_more": max(0, counts.get("created", 0) - shown["created"]),
        "updated_more": max(0, counts.get("updated", 0) - shown["updated"]),
    }
    step = "preview" if job.stage == ImportJob.Stage.PREVIEW else "result"
    if step == "preview" and job.file_name:
        context["confirm_url"] = reverse(f"{namespace}:import_confirm", kwargs={"token": job.token})
    return render(request, f"{namespace}/import_{step}.html", context)


def job_status(request, job: ImportJob):
    return JsonResponse(import_jobs.status_of(job))


def confirm_step(request, preview: ImportJob, namespace: str):
    job = import_jobs.confirm(preview=preview, user=request.user, language=translation.get_language())
    return redirect(f"{namespace}:import_job", token=job.token)


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

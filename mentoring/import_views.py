"""Importing existing pairs and groups in the browser: upload → preview → confirm → result.

It works as the people import (``people/import_views.py``), through the same background jobs
(``people/import_jobs.py``). Between the preview and the confirmation the upload waits as
``imports/<school id>/pairs-<uuid>.<ext>``; its job belongs to the current school and is of
the pairs' kind, so nobody can import another school's file, nor a people upload as pairs.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import Action
from mentoring.import_template import pairs_template_xlsx
from mentoring.importing import HEADERS, status_choices
from mentoring.models import MentoringForm
from people import import_jobs
from people.import_views import XLSX_CONTENT_TYPE, confirm_step, job_page, job_status, upload_step

UPLOADS = import_jobs.PAIRS.uploads


# The size is checked before the body is read, then the CSRF token (``upload_step``).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """GET: the upload form. POST: keeps the file, queues its preview and sends to the job's page."""
    _require(request)
    return upload_step(
        request,
        import_jobs.PAIRS,
        "mentoring",
        lambda form: render(
            request,
            "mentoring/import_upload.html",
            {
                "form": form,
                "headers": HEADERS,
                "statuses": status_choices(),
                "mentoring_forms": MentoringForm.objects.for_school(request.school),
            },
        ),
    )


@require_GET
def import_job(request, token):
    _require(request)
    return job_page(request, import_jobs.job_of(request, token, import_jobs.PAIRS), "mentoring")


@require_GET
def import_job_status(request, token):
    _require(request)
    return job_status(request, import_jobs.job_of(request, token, import_jobs.PAIRS))


@require_POST
def import_confirm(request, token):
    """Queues the real import of a previewed upload and sends to its job's page."""
    _require(request)
    return confirm_step(request, import_jobs.job_of(request, token, import_jobs.PAIRS), "mentoring")


@require_GET
def import_template(request):
    """The XLSX to fill: the headers the import reads, an example row, drop-downs and the instructions."""
    _require(request)
    response = HttpResponse(pairs_template_xlsx(request.school), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="pairs-template.xlsx"'
    return response


def _require(request) -> None:
    if request.school is None or not request.user.has_perm(Action.MANAGE_MENTORSHIPS, request.school):
        raise PermissionDenied

"""The director's export of all the school's data: request it, watch it being made, download it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import Action
from audit.log import record
from audit.models import AuditAction
from backups import exports


def _require_director(request) -> None:
    if not request.user.has_perm(Action.EXPORT_SCHOOL, request.school):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def school_export(request):
    _require_director(request)
    if request.method == "POST":
        export, queued = exports.request_export(school=request.school, by=request.user)
        if queued:
            record(actor=request.user, school=request.school, action=AuditAction.EXPORT, obj=export)
            messages.success(request, _("The export is being prepared; this page will offer it when it is ready."))
        else:
            messages.info(request, _("The export requested earlier is still being prepared."))
        return redirect("school_export")
    export = exports.latest_export(request.school)
    return render(
        request,
        "backups/school_export.html",
        {"export": export, "downloadable": exports.downloadable(export), "kept_hours": exports.KEPT_FOR.days * 24},
    )


@require_GET
def school_export_status(request):
    _require_director(request)
    export = exports.latest_export(request.school)
    return JsonResponse({"state": export.state if export else None})


@require_GET
def school_export_download(request):
    """The latest ready export of the current school; each download is written to the audit log."""
    _require_director(request)
    export = exports.latest_export(request.school)
    if not exports.downloadable(export):
        raise Http404
    record(actor=request.user, school=request.school, action=AuditAction.DOWNLOAD, obj=export)
    name = f"{request.school.slug}-{timezone.localtime(export.created_at):%Y-%m-%d-%H%M}.zip"
    return FileResponse(export.file.open("rb"), content_type="application/zip", as_attachment=True, filename=name)

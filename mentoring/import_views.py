"""Importing existing pairs and groups in the browser: upload → preview → confirm.

It works as the people import (``people/import_views.py``), through the same waiting
uploads (``people/uploads.py``). Between the preview and the confirmation
the upload waits as ``imports/<school id>/pairs-<uuid>.<ext>``; the confirmation names it
only by the uuid and looks for it in the current school's folder, so nobody can import
another school's file, nor a people upload as pairs.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import Action
from mentoring.importing import HEADERS, PairImportReport, import_pairs, status_choices
from people.importing import UnreadableFile
from people.storage import private_storage
from people.uploads import ConfirmForm, ImportForm, KeptUploads, flash_report, preview_context

UPLOADS = KeptUploads(prefix="pairs-")


@require_http_methods(["GET", "POST"])
def import_upload(request):
    """GET: the upload form. POST: a dry run of the uploaded file, shown as a preview to confirm."""
    _require(request)
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
            return render(request, "mentoring/import_preview.html", preview_context(report, upload.name, token))
    return render(
        request, "mentoring/import_upload.html", {"form": form, "headers": HEADERS, "statuses": status_choices()}
    )


@require_POST
def import_confirm(request):
    """Runs the real import of a previewed upload, then forgets the file."""
    _require(request)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404
    name = UPLOADS.find(request.school, form.cleaned_data["upload"])
    try:
        report = _import_kept(request, name, dry_run=False)
    except UnreadableFile as exc:
        messages.error(request, str(exc))
        return redirect("mentoring:import")
    finally:
        private_storage.delete(name)
    flash_report(request, report)
    return redirect("mentoring:board")


def _require(request) -> None:
    if request.school is None or not request.user.has_perm(Action.MANAGE_MENTORSHIPS, request.school):
        raise PermissionDenied


def _import_kept(request, name: str, *, dry_run: bool) -> PairImportReport:
    with private_storage.open(name, "rb") as file:
        return import_pairs(school=request.school, file=file, filename=name, actor=request.user, dry_run=dry_run)

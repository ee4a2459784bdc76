"""Importing existing pairs and groups in the browser: upload → preview → confirm.

It works as the people import (``people/import_views.py``) and shares its form, its
folder of waiting uploads and their clean-up. Between the preview and the confirmation
the upload waits as ``imports/<school id>/pairs-<uuid>.<ext>``; the confirmation names it
only by the uuid and looks for it in the current school's folder, so nobody can import
another school's file, nor a people upload as pairs.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import Action
from mentoring.importing import HEADERS, PairImportReport, import_pairs
from people.import_views import (
    PREVIEW_ROWS,
    UPLOAD_EXTENSIONS,
    ConfirmForm,
    ImportForm,
    _extension,
    _flash,
    _folder,
    _forget_abandoned_uploads,
)
from people.importing import UnreadableFile
from people.storage import private_storage

PREFIX = "pairs-"


@require_http_methods(["GET", "POST"])
def import_upload(request):
    """GET: the upload form. POST: a dry run of the uploaded file, shown as a preview to confirm."""
    _require(request)
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
            return render(request, "mentoring/import_preview.html", _preview_context(report, upload.name, token))
    return render(request, "mentoring/import_upload.html", {"form": form, "headers": HEADERS})


@require_POST
def import_confirm(request):
    """Runs the real import of a previewed upload, then forgets the file."""
    _require(request)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404
    name = _kept_upload(request.school, form.cleaned_data["upload"])
    try:
        report = _import_kept(request, name, dry_run=False)
    except UnreadableFile as exc:
        messages.error(request, str(exc))
        return redirect("mentoring:import")
    finally:
        private_storage.delete(name)
    _flash(request, report)
    return redirect("mentoring:board")


def _require(request) -> None:
    if request.school is None or not request.user.has_perm(Action.MANAGE_MENTORSHIPS, request.school):
        raise PermissionDenied


def _keep_upload(school, upload) -> tuple[uuid.UUID, str]:
    _forget_abandoned_uploads(school)
    token = uuid.uuid4()
    name = private_storage.save(f"{_folder(school)}/{PREFIX}{token}.{_extension(upload.name)}", upload)
    return token, name


def _kept_upload(school, token: uuid.UUID) -> str:
    """The stored name of a pairs upload of this school, or 404."""
    for extension in UPLOAD_EXTENSIONS:
        name = f"{_folder(school)}/{PREFIX}{token}.{extension}"
        if private_storage.exists(name):
            return name
    raise Http404


def _import_kept(request, name: str, *, dry_run: bool) -> PairImportReport:
    with private_storage.open(name, "rb") as file:
        return import_pairs(school=request.school, file=file, filename=name, actor=request.user, dry_run=dry_run)


def _preview_context(report: PairImportReport, filename: str, token: uuid.UUID) -> dict:
    return {
        "report": report,
        "filename": filename,
        "confirm_form": ConfirmForm(initial={"upload": token}),
        "preview_slice": f":{PREVIEW_ROWS}",
        "created_more": max(0, len(report.created) - PREVIEW_ROWS),
    }

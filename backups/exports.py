"""The director's school export: requested, built by a Celery task, downloaded, forgotten after a day."""

import datetime
import logging
import secrets
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from backups.models import ExportState, SchoolExport
from backups.school_export import write_school_export

KEPT_FOR = datetime.timedelta(days=1)
# A request while one is still being built (a double click) waits for it, unless that one is stuck.
BUILDING_AT_MOST = datetime.timedelta(minutes=40)

logger = logging.getLogger(__name__)


def request_export(*, school, by) -> tuple[SchoolExport, bool]:
    """A new export queued for the school, or the one still being built; True when new."""
    forget_expired(school)
    current = latest_export(school)
    if current and current.state == ExportState.PENDING and current.created_at > timezone.now() - BUILDING_AT_MOST:
        return current, False
    export = SchoolExport.objects.create(school=school, requested_by=by, token=secrets.token_hex(16))
    from backups.tasks import build_school_export  # here: the task module imports this one

    transaction.on_commit(lambda: build_school_export.delay(export.pk))
    return export, True


def latest_export(school) -> SchoolExport | None:
    return SchoolExport.objects.for_school(school).first()


def downloadable(export: SchoolExport | None) -> bool:
    if export is None or export.state != ExportState.DONE or not export.file:
        return False
    return export.file.storage.exists(export.file.name)


def build(export_id: int) -> str:
    """Builds the ZIP of a pending export; claimed atomically, so two workers never build one twice."""
    claimed = SchoolExport.objects.filter(pk=export_id, state=ExportState.PENDING, started_at=None).update(
        started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    export = SchoolExport.objects.select_related("school").get(pk=export_id)
    try:
        with tempfile.TemporaryFile(suffix=".zip") as work:
            write_school_export(export.school, work)
            size = work.tell()
            work.seek(0)
            export.file.save("export.zip", File(work), save=False)
    except Exception as exc:  # recorded on the export for its page, logged with the traceback
        logger.exception("school export %s failed", export_id)
        SchoolExport.objects.filter(pk=export_id).update(
            state=ExportState.FAILED, error=str(exc)[:1000], finished_at=timezone.now()
        )
        return "failed"
    SchoolExport.objects.filter(pk=export_id).update(
        file=export.file.name, size=size, state=ExportState.DONE, finished_at=timezone.now()
    )
    return "done"


def forget_expired(school) -> None:
    for export in SchoolExport.objects.for_school(school).filter(created_at__lt=timezone.now() - KEPT_FOR):
        if export.file:
            export.file.delete(save=False)
        export.delete()

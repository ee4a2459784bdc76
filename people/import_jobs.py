"""Spreadsheet imports run in the background: the upload → a preview job → the confirmed import job.

A web request only stores the upload and creates the job; a Celery task reads the file (counting
its rows first, so the page can show «N of M rows»), runs the dry run or the import and keeps
the report as JSON on the job for the preview and result pages. The upload waits in private
storage between the preview and the confirmation (``people/uploads.py``) and is deleted once
the import has run, or once its preview has failed.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.permissions import Action
from people.importing import UnreadableFile, count_rows
from people.models import ImportJob
from people.storage import private_storage
from people.uploads import PREVIEW_ROWS, KeptUploads

# The result and the failed previews of a day ago are forgotten: their reports name people.
KEPT_FOR = datetime.timedelta(days=1)
# A job running longer than its task may (time_limit in people/tasks.py) lost its worker.
STUCK_AFTER = datetime.timedelta(minutes=40)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobKind:
    """What differs between the people import and the pairs import."""

    kind: str  # ImportJob.Kind
    action: str  # the permission to import
    uploads: KeptUploads
    importer: str  # dotted path of import_people / import_pairs
    report_of: str  # dotted path of the function turning its report into JSON

    def run_importer(self, **kwargs):
        return import_string(self.importer)(**kwargs)

    def stored(self, report) -> dict:
        return import_string(self.report_of)(report)


PEOPLE = JobKind(
    kind=ImportJob.Kind.PEOPLE,
    action=Action.IMPORT_PEOPLE,
    uploads=KeptUploads(),
    importer="people.importing.import_people",
    report_of="people.import_jobs.people_report",
)
PAIRS = JobKind(
    kind=ImportJob.Kind.PAIRS,
    action=Action.MANAGE_MENTORSHIPS,
    uploads=KeptUploads(prefix="pairs-"),
    importer="mentoring.importing.import_pairs",
    report_of="people.import_jobs.pairs_report",
)
KINDS = {kind.kind: kind for kind in (PEOPLE, PAIRS)}


def start_preview(*, kind: JobKind, school, user, upload, language: str) -> ImportJob:
    """Keeps the upload and queues its dry run."""
    forget_old_jobs(school)
    _token, name = kind.uploads.keep(school, upload)
    job = ImportJob.objects.create(
        school=school,
        kind=kind.kind,
        stage=ImportJob.Stage.PREVIEW,
        file_name=name,
        original_name=upload.name[:255],
        language=language,
        created_by=user,
    )
    _enqueue(job)
    return job


def confirm(*, preview: ImportJob, user, language: str) -> ImportJob:
    """Queues the import of a previewed upload; the preview hands its file over, so it runs once."""
    name = preview.file_name
    ready = preview.stage == ImportJob.Stage.PREVIEW and preview.status == ImportJob.Status.DONE
    if not (ready and name and private_storage.exists(name)):
        raise Http404
    with transaction.atomic():
        if not ImportJob.objects.filter(pk=preview.pk, file_name=name).update(file_name=""):
            raise Http404  # a second click, or another tab, confirmed it already
        job = ImportJob.objects.create(
            school=preview.school,
            kind=preview.kind,
            stage=ImportJob.Stage.IMPORT,
            file_name=name,
            original_name=preview.original_name,
            language=language,
            total_rows=preview.total_rows,
            created_by=user,
        )
    _enqueue(job)
    return job


def _enqueue(job: ImportJob) -> None:
    from people.tasks import run_import_job  # here: the task module imports this one

    if run_import_job.app.conf.task_always_eager:
        run_import_job.delay(job.pk)  # in this very process and transaction, which has the job's row
    else:
        transaction.on_commit(lambda: run_import_job.delay(job.pk))


def run(job_id: int) -> str:
    """Runs a queued job; claimed atomically, so two workers never run one twice."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = ImportJob.objects.select_related("school", "created_by").get(pk=job_id)
    kind = KINDS[job.kind]
    progress = Progress(job.pk)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            with private_storage.open(job.file_name, "rb") as file:
                total = count_rows(file, job.file_name)
            ImportJob.objects.filter(pk=job.pk).update(total_rows=total)
            with private_storage.open(job.file_name, "rb") as file:
                report = kind.run_importer(
                    school=job.school,
                    file=file,
                    filename=job.file_name,
                    actor=job.created_by,
                    dry_run=job.stage == ImportJob.Stage.PREVIEW,
                    progress=progress,
                )
            stored = kind.stored(report)
        except UnreadableFile as exc:
            return _fail(job, str(exc))
        except Exception:  # the page tells the user; the log keeps the traceback
            logger.exception("import job %s failed", job.pk)
            return _fail(
                job, _("The import failed because of an error in the portal; nothing was imported. Try again later.")
            )
        finally:
            progress.close()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, report=stored, done_rows=total, finished_at=timezone.now()
    )
    if job.stage == ImportJob.Stage.IMPORT:
        _delete_upload(job)
    return "done"


def _fail(job: ImportJob, message: str) -> str:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )
    _delete_upload(job)  # an unreadable preview cannot be confirmed; an import is not run twice
    return "failed"


def _delete_upload(job: ImportJob) -> None:
    if job.file_name:
        private_storage.delete(job.file_name)
        ImportJob.objects.filter(pk=job.pk).update(file_name="")


class Progress:
    """Writes how many rows a job has done where its page can read them at once.

    The import runs in one transaction that the page cannot see into, so inside it the count
    goes through a connection of its own (PostgreSQL; SQLite has one writer at a time and the
    page sees the count when the job ends).
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.side = None

    def __call__(self, done: int) -> None:
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(done_rows=done)
            return
        if connection.vendor != "postgresql":
            return
        if self.side is None:
            default = connections[DEFAULT_DB_ALIAS]
            self.side = type(default)(dict(default.settings_dict), alias=DEFAULT_DB_ALIAS)
        table = connection.ops.quote_name(ImportJob._meta.db_table)
        try:
            with self.side.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET done_rows = %s WHERE id = %s", [done, self.job_id])  # noqa: S608
        except DatabaseError:  # the bar stands still; the import goes on
            logger.warning("import job %s: progress not written", self.job_id, exc_info=True)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def job_of(request, token, kind: JobKind) -> ImportJob:
    """The job of the current school and of this kind, or 404."""
    job = ImportJob.objects.for_school(request.school).filter(token=token, kind=kind.kind).first()
    if job is None:
        raise Http404
    if job.status == ImportJob.Status.RUNNING and job.started_at and job.started_at < timezone.now() - STUCK_AFTER:
        _fail(job, _("The import took too long and was stopped; nothing was imported. Try again later."))
        job.refresh_from_db()
    return job


def status_of(job: ImportJob) -> dict:
    """What the job page's script shows: rows done of the total, and whether the job has ended."""
    return {
        "status": job.status,
        "finished": job.finished,
        "done": job.done_rows,
        "total": job.total_rows,
        "text": progress_text(job),
    }


def progress_text(job: ImportJob) -> str:
    if job.total_rows is None:
        return _("Reading the file…")
    return translation.ngettext(
        "%(done)s of %(total)s row processed", "%(done)s of %(total)s rows processed", job.total_rows
    ) % {"done": job.done_rows, "total": job.total_rows}


def forget_old_jobs(school) -> None:
    """A day after they were made, jobs go with their reports, and the uploads they kept."""
    old = ImportJob.objects.for_school(school).filter(created_at__lt=timezone.now() - KEPT_FOR)
    for job in old.exclude(status=ImportJob.Status.RUNNING):
        if job.file_name:
            private_storage.delete(job.file_name)
        job.delete()


# ---------------------------------------------------------------------------
# Reports as JSON, with what the preview and result pages show


def people_report(report) -> dict:
    return {
        "dry_run": report.dry_run,
        "summary": report.summary(),
        "counts": {
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
            "rejected": len(report.rejected),
        },
        "warnings": [str(warning) for warning in report.warnings],
        "created": [{"line": row.line, "name": row.name} for row in report.created[:PREVIEW_ROWS]],
        "updated": [
            {"line": row.line, "name": row.name, "changed_columns": [list(map(str, c)) for c in row.changed_columns]}
            for row in report.updated[:PREVIEW_ROWS]
        ],
        "rejected": _rejected(report),
    }


def pairs_report(report) -> dict:
    return {
        "dry_run": report.dry_run,
        "summary": report.summary(),
        "counts": {
            "created": len(report.created),
            "unchanged": len(report.unchanged),
            "rejected": len(report.rejected),
            "flagged": len(report.flagged),
        },
        "warnings": [str(warning) for warning in report.warnings],
        "created": [
            {
                "line": row.line,
                "mentor": row.mentor.full_name,
                "mentees": [person.full_name for person in row.mentees],
                "is_group": row.is_group,
                "form": str(row.form),
                "term": f"{_day(row.start)} – {_day(row.end)}",
                "status_label": str(row.status_label),
                "order": " ".join(filter(None, [row.order_number, _day(row.order_date)])),
                "warnings": [str(warning) for warning in row.warnings],
                "consent_problems": [str(problem) for problem in row.consent_problems],
            }
            for row in report.created[:PREVIEW_ROWS]
        ],
        "rejected": _rejected(report),
    }


def _rejected(report) -> list[dict]:
    return [{"line": row.line, "reason": row.reason} for row in report.rejected]


def _day(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""

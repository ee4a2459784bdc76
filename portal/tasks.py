from celery import shared_task

from notifications.jobs import RETRIED_JOB
from portal.health import database_state
from portal.orphans import remove_orphan_files


@shared_task(name="portal.worker_health")
def worker_health() -> dict:
    """Run on a worker: proves the worker is alive and reaches the database."""
    return {"database": database_state()}


@shared_task(name="portal.clean_orphan_files", **RETRIED_JOB)
def clean_orphan_files(self) -> int:
    """Daily (Celery beat): deletes the uploaded files no record refers to that are older than a
    day; returns how many. Idempotent: a second run finds nothing more to delete."""
    return len(remove_orphan_files().removed)

import datetime

from celery import shared_task
from django.db import OperationalError

from monitoring.snapshot import freeze_due


@shared_task(
    name="monitoring.freeze_due",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def freeze_results(self, now: str | None = None) -> int:
    """Yearly (Celery beat, 30 June; July and August catch up a missed run): freezes every
    school's indicators of the academic year ending. ``now`` (ISO datetime) replaces the current
    moment. Idempotent: a year once frozen is never frozen by the job again."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return freeze_due(now=moment)

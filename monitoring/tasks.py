import datetime

from celery import shared_task

from monitoring.snapshot import freeze_due
from notifications.jobs import RETRIED_JOB


@shared_task(name="monitoring.freeze_due", **RETRIED_JOB)
def freeze_results(self, now: str | None = None) -> int:
    """Yearly (Celery beat, 30 June; July and August catch up a missed run): freezes every
    school's indicators of the academic year ending. ``now`` (ISO datetime) replaces the current
    moment. Idempotent: a year once frozen is never frozen by the job again."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return freeze_due(now=moment)

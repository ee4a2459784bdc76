import datetime
import logging
import zoneinfo

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone, translation

from accounts.models import School
from notifications import reminders
from notifications.delivery import deliver_all

logger = logging.getLogger(__name__)


def local_today(school) -> datetime.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(school.time_zone))


def remind_all(*, on: datetime.date | None = None) -> int:
    """Runs every daily rule for every school on its own local date (or ``on``).

    A failing rule is logged and the others still run; the run then fails with the first error
    (a database error first, so the task retries). Rerunning is harmless: keys are unique.
    """
    created, errors = 0, []
    with translation.override(settings.LANGUAGE_CODE):
        for school in School.objects.order_by("pk"):
            day = on or local_today(school)
            for rule in reminders.DAILY:
                try:
                    created += deliver_all(rule(school, day))
                except Exception as exc:
                    logger.exception("Reminder %s failed for school %s on %s", rule.__name__, school.pk, day)
                    errors.append(exc)
    if errors:
        raise next((e for e in errors if isinstance(e, OperationalError)), errors[0])
    return created


@shared_task(
    name="notifications.run_reminders",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def run_reminders(self, on: str | None = None) -> int:
    """Daily (Celery beat): reminders for today in each school's time zone; ``on`` (ISO date)
    replaces today. Idempotent, so a redelivered or parallel run sends nothing twice."""
    return remind_all(on=datetime.date.fromisoformat(on) if on else None)

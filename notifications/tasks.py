import datetime
import logging
import zoneinfo

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone, translation

from accounts.models import School
from notifications import events, reminders
from notifications.delivery import deliver_all
from notifications.jobs import RETRIED_JOB

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


@shared_task(name="notifications.run_reminders", **RETRIED_JOB)
def run_reminders(self, on: str | None = None) -> int:
    """Daily (Celery beat): reminders for today in each school's time zone; ``on`` (ISO date)
    replaces today. Idempotent, so a redelivered or parallel run sends nothing twice."""
    return remind_all(on=datetime.date.fromisoformat(on) if on else None)


@shared_task(name="notifications.deliver_event", **RETRIED_JOB)
def deliver_event(self, event: str, token: str, by_id: int | None = None, ids: dict | None = None) -> int:
    """Scheduled by ``events.announce`` once the announcing transaction commits: tells the event's
    recipients. Keyed by ``token``, so a redelivered or repeated task sends nothing twice."""
    return events.deliver_event(event, token=token, by_id=by_id, ids=ids)

"""Celery beat's schedule, run in-process: what ``make run`` uses instead of a broker and beat.

``manage.py run_scheduler`` (started by ``make run`` next to the web server) checks
``settings.CELERY_BEAT_SCHEDULE`` every half minute and runs each job that is due with the
task's ``.apply()``, in its own process. When each job last ran is kept in ``ScheduledRun``, so
a scheduler started again runs at once whatever fell due while it was stopped — once, however
many runs were missed: the jobs are idempotent and look at today's state. A job never run here
before counts as last run a day ago, so the first start runs today's reminders at once. With a
real broker, ``celery beat`` (``make beat``) takes this role and this module is not used.
"""

import copy
import datetime
import functools
import logging
from dataclasses import dataclass, field

from celery.schedules import BaseSchedule, maybe_schedule
from django.conf import settings
from django.utils import timezone

from notifications.models import ScheduledRun

logger = logging.getLogger(__name__)

FIRST_RUN_LOOKBACK = datetime.timedelta(days=1)
INTERVAL_SECONDS = 30


@dataclass(frozen=True)
class Job:
    name: str
    task: str
    schedule: BaseSchedule
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def is_due(self, last_run_at: datetime.datetime, now: datetime.datetime) -> bool:
        """A run of the schedule fell due after ``last_run_at`` and by ``now``."""
        schedule = copy.copy(self.schedule)
        schedule.nowfun = lambda: now
        return schedule.is_due(last_run_at).is_due


@functools.cache
def celery_app():
    from config.celery import app

    app.loader.import_default_modules()  # registers every app's tasks (autodiscovery)
    return app


def jobs(beat_schedule: dict | None = None) -> list[Job]:
    app = celery_app()
    entries = settings.CELERY_BEAT_SCHEDULE if beat_schedule is None else beat_schedule
    return [
        Job(
            name=name,
            task=entry["task"],
            schedule=maybe_schedule(entry["schedule"], app=app),
            args=tuple(entry.get("args", ())),
            kwargs=dict(entry.get("kwargs", {})),
        )
        for name, entry in entries.items()
    ]


@dataclass(frozen=True)
class Outcome:
    job: str
    result: object = None
    error: str = ""


def run_due(*, now: datetime.datetime | None = None, beat_schedule: dict | None = None) -> list[Outcome]:
    """Runs every job due at ``now`` (default: now) in this process and records when it ran.

    A failing job is logged and recorded as run too, like beat sends it once: it runs again when
    its schedule next falls due, not every half minute. A scheduler killed while a job runs has
    not recorded it, so its next start runs the job again (harmless: jobs are idempotent).
    """
    now = now or timezone.now()
    app = celery_app()
    last_runs = dict(ScheduledRun.objects.values_list("name", "last_run_at"))
    outcomes = []
    for job in jobs(beat_schedule):
        if not job.is_due(last_runs.get(job.name) or now - FIRST_RUN_LOOKBACK, now):
            continue
        try:
            outcome = Outcome(job.name, result=app.tasks[job.task].apply(args=job.args, kwargs=job.kwargs).get())
        except Exception as exc:
            logger.exception("The periodic job %s (%s) failed", job.name, job.task)
            outcome = Outcome(job.name, error=f"{type(exc).__name__}: {exc}")
        ScheduledRun.objects.update_or_create(name=job.name, defaults={"last_run_at": now})
        outcomes.append(outcome)
    return outcomes

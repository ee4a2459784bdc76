"""``run_scheduler``: Celery beat's schedule run in-process for ``make run`` — each job once when
due, its last run recorded, what fell due while stopped caught up once at the next start."""

import datetime
import io
import re
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from config.celery import app
from monitoring.tasks import freeze_results
from notifications import scheduler
from notifications.models import Notification, ScheduledRun
from notifications.tasks import deliver_event, run_reminders
from tests.notifications.helpers import pair

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
CALLS: list[str] = []


@app.task(name="tests.notifications.record_run")
def record_run(label: str) -> str:
    CALLS.append(label)
    return label


@app.task(name="tests.notifications.broken_run")
def broken_run() -> None:
    raise ValueError("a bug in the job")


SCHEDULE = {
    "daily": {"task": "tests.notifications.record_run", "schedule": crontab(hour=6, minute=0), "args": ("daily",)},
    "hourly": {"task": "tests.notifications.record_run", "schedule": 60 * 60, "kwargs": {"label": "hourly"}},
    "summer": {
        "task": "tests.notifications.record_run",
        "schedule": crontab(hour=11, minute=0, month_of_year="6-8"),
        "kwargs": {"label": "summer"},
    },
}


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()
    yield
    CALLS.clear()


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def run(now, schedule=SCHEDULE) -> list[str]:
    """The jobs run at ``now``, in the order of the schedule."""
    return [outcome.job for outcome in scheduler.run_due(now=now, beat_schedule=schedule)]


def last_runs() -> dict[str, datetime.datetime]:
    return dict(ScheduledRun.objects.values_list("name", "last_run_at"))


def test_the_first_start_runs_what_fell_due_within_the_last_day_and_records_it():
    now = at(2026, 10, 10, 7, 0)

    assert run(now) == ["daily", "hourly"]  # «summer» runs in June to August only

    assert CALLS == ["daily", "hourly"]
    assert last_runs() == {"daily": now, "hourly": now}


def test_a_job_does_not_run_again_within_its_period():
    run(at(2026, 10, 10, 7, 0))

    assert run(at(2026, 10, 10, 7, 0, 30)) == []  # the next check, 30 s later
    assert run(at(2026, 10, 10, 7, 59)) == []
    assert run(at(2026, 10, 10, 8, 0)) == ["hourly"]
    assert run(at(2026, 10, 10, 23, 30)) == ["hourly"]
    assert run(at(2026, 10, 11, 5, 59)) == ["hourly"]
    assert run(at(2026, 10, 11, 6, 0)) == ["daily"]  # the hourly job ran a minute ago
    assert run(at(2026, 10, 11, 6, 59)) == ["hourly"]

    assert CALLS.count("daily") == 2
    assert last_runs()["daily"] == at(2026, 10, 11, 6, 0)


def test_a_start_after_a_gap_catches_up_once_whatever_was_missed():
    ScheduledRun.objects.create(name="daily", last_run_at=at(2026, 6, 20, 6, 0))
    ScheduledRun.objects.create(name="hourly", last_run_at=at(2026, 6, 20, 6, 0))
    ScheduledRun.objects.create(name="summer", last_run_at=at(2026, 6, 20, 11, 0))
    now = at(2026, 7, 3, 9, 0)  # stopped for 13 days

    assert run(now) == ["daily", "hourly", "summer"]
    assert CALLS == ["daily", "hourly", "summer"]  # once each, not once per missed day
    assert set(last_runs().values()) == {now}
    assert run(now + datetime.timedelta(minutes=1)) == []


def test_a_daily_job_missed_this_morning_runs_at_the_start_not_tomorrow():
    ScheduledRun.objects.create(name="daily", last_run_at=at(2026, 10, 9, 6, 0))

    assert "daily" not in run(at(2026, 10, 10, 5, 59))  # today's 06:00 has not come yet
    assert "daily" in run(at(2026, 10, 10, 14, 0))  # make run started in the afternoon


def test_a_failing_job_is_logged_and_recorded_and_the_others_still_run(monkeypatch):
    schedule = {"broken": {"task": "tests.notifications.broken_run", "schedule": 60}, "hourly": SCHEDULE["hourly"]}
    now = at(2026, 10, 10, 7, 0)
    logged = []
    monkeypatch.setattr(scheduler.logger, "exception", lambda message, *args: logged.append(message % args))

    outcomes = scheduler.run_due(now=now, beat_schedule=schedule)

    assert [(o.job, o.error) for o in outcomes] == [("broken", "ValueError: a bug in the job"), ("hourly", "")]
    assert logged == ["The periodic job broken (tests.notifications.broken_run) failed"]
    assert CALLS == ["hourly"]
    # Recorded like a run: it is tried again when its schedule next falls due, not every 30 s.
    assert last_runs() == {"broken": now, "hourly": now}
    assert run(now + datetime.timedelta(seconds=30), schedule) == []


def test_run_scheduler_once_delivers_todays_reminders_on_the_real_schedule(cast):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    made = pair(cast, items=(("Консультация", tomorrow),))
    out = io.StringIO()

    call_command("run_scheduler", "--once", stdout=out)

    assert set(Notification.objects.values_list("user__username", flat=True)) == {"p-mentor", "p-mentee"}
    assert "notification-reminders: done (2)" in out.getvalue()
    assert {"notification-reminders", "activate-due-mentorships"} <= set(last_runs())

    again = io.StringIO()
    call_command("run_scheduler", "--once", stdout=again)  # make run restarted a minute later

    assert again.getvalue() == ""
    assert Notification.objects.filter(user=made.mentee_user).count() == 1


def test_every_periodic_and_event_task_shares_the_retry_options():
    for task in (run_reminders, freeze_results, deliver_event):
        assert task.acks_late, task.name
        assert task.reject_on_worker_lost, task.name
        assert task.autoretry_for == (OperationalError,), task.name
        assert task.max_retries == 3, task.name
        assert task.retry_backoff, task.name


def test_make_run_serves_with_the_scheduler_beside_and_stops_it_with_the_server():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    line = recipe.replace("\\\n", " ").splitlines()[-1]  # one shell runs both, so the trap sees both

    assert "manage.py run_scheduler &" in line
    assert "trap" in line
    assert "kill" in line
    assert line.rstrip().endswith("runserver 127.0.0.1:8000")

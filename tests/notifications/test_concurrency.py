"""Two workers at once on PostgreSQL: still one notification and at most one e-mail per key."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from accounts.models import School
from notifications import delivery, reminders
from notifications.models import Kind, Notification
from notifications.tasks import run_reminders
from tests.notifications.helpers import pair
from tests.notifications.test_reminders import awaiting

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY = datetime.date(2026, 9, 7)  # a Monday in September: the bank actualization is due too


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent writers need PostgreSQL (set DATABASE_URL): SQLite serializes every writer, "
            "so two workers could never race"
        )


def at_once(count, work):
    """Runs ``work`` in ``count`` threads released together; returns results and errors."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def target():
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001 — reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def expected_keys(on) -> set[str]:
    return {r.key for school in School.objects.all() for rule in reminders.DAILY for r in rule(school, on)}


def test_one_key_delivered_by_eight_threads_at_once_is_one_notification_and_one_email(cast):
    def deliver():
        return delivery.deliver(key="race:1", user=cast.curator, kind=Kind.MONITORING_DEADLINE, title="Гонка")

    results, errors = at_once(8, deliver)

    assert errors == []
    assert sum(result is not None for result in results) == 1
    assert Notification.objects.filter(key="race:1").count() == 1
    assert [message.to for message in mail.outbox] == [[cast.curator.email]]


def test_two_runs_of_the_task_at_once_make_one_notification_and_one_email_per_key(cast):
    pair(cast, items=(("Консультация", MONDAY + datetime.timedelta(days=2)),))
    awaiting(cast.school)
    keys = expected_keys(MONDAY)
    # Mentor and mentee; the director; both schools' curators and the secretary (actualization).
    assert len(keys) == 6

    results, errors = at_once(2, lambda: run_reminders.apply(kwargs={"on": MONDAY.isoformat()}).get())

    assert errors == []
    assert sum(results) == len(keys)
    assert set(Notification.objects.values_list("key", flat=True)) == keys
    assert Notification.objects.count() == len(keys)
    assert len(mail.outbox) == len(keys)
    assert len({message.to[0] for message in mail.outbox}) == len(keys)

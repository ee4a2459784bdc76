"""Delivery: one notification per key, e-mail at most once and only when wanted."""

import datetime

import pytest
from django.core import mail

from notifications import delivery
from notifications.models import Kind, Notification, Preference
from notifications.tasks import run_reminders
from people.models import Consent, ConsentKind
from people.services import consent_withdraw
from tests.notifications.helpers import ITEM_DAY, keys, pair

pytestmark = pytest.mark.django_db

ON = ITEM_DAY - datetime.timedelta(days=2)  # the 10.10 event is two days ahead


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Runs the daily task (eagerly) for ``ON`` and the e-mails its commit triggers."""

    def run_once(on=ON):
        with django_capture_on_commit_callbacks(execute=True):
            return run_reminders.delay(on=on.isoformat()).get()

    return run_once


def outbox():
    return sorted((message.to[0], message.subject) for message in mail.outbox)


def test_running_twice_the_same_day_makes_one_notification_and_one_email_per_key(cast, run):
    made = pair(cast)

    assert run() == 2
    assert run() == 0

    assert Notification.objects.count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([made.mentor_user.email, made.mentee_user.email])
    assert all(n.emailed_at is not None for n in Notification.objects.all())
    assert all("Консультация" in message.subject for message in mail.outbox)


def test_the_email_links_to_the_notification_in_the_portal(cast, run, settings):
    settings.PUBLIC_BASE_URL = "https://nastavnik.example.ru/"
    made = pair(cast, items=(('Урок "Мастер-класс" & разбор', ITEM_DAY),))
    run()

    notification = Notification.objects.get(user=made.mentee_user)
    message = next(m for m in mail.outbox if m.to == [made.mentee_user.email])
    assert f"https://nastavnik.example.ru/notifications/{notification.pk}/" in message.body
    assert "https://nastavnik.example.ru/notifications/settings/" in message.body
    # Plain text, not HTML-escaped, in the subject and the body; the subject is one line.
    assert 'Урок "Мастер-класс" & разбор' in message.subject
    assert 'Урок "Мастер-класс" & разбор' in message.body
    assert "\n" not in message.subject


def test_an_email_turned_off_still_leaves_the_notification_in_the_portal(cast, run):
    made = pair(cast)
    Preference.objects.create(user=made.mentee_user, email_off=[Kind.UPCOMING_ITEM])

    run()

    assert Notification.objects.filter(user=made.mentee_user).count() == 1
    assert [message.to for message in mail.outbox] == [[made.mentor_user.email]]
    assert Notification.objects.get(user=made.mentee_user).emailed_at is None


def test_turning_off_another_kind_does_not_stop_this_one(cast, run):
    made = pair(cast)
    Preference.objects.create(user=made.mentee_user, email_off=[Kind.OVERDUE_ITEMS, Kind.ENDING_SOON])

    run()

    assert len(mail.outbox) == 2


def test_no_email_without_an_address(cast, run):
    made = pair(cast)
    made.mentor_user.email = ""
    made.mentor_user.save(update_fields=["email"])

    run()

    assert Notification.objects.filter(user=made.mentor_user).count() == 1
    assert [message.to for message in mail.outbox] == [[made.mentee_user.email]]


def test_a_crash_before_the_commit_leaves_nothing_and_the_retry_delivers_once(cast, run, monkeypatch):
    """The notification row is written, then the worker fails inside the transaction."""
    pair(cast)

    def crash(*args, **kwargs):
        raise RuntimeError("worker died")

    with monkeypatch.context() as patch:
        patch.setattr(delivery.transaction, "on_commit", crash)
        with pytest.raises(RuntimeError, match="worker died"):
            run()
    assert Notification.objects.count() == 0

    assert run() == 2
    assert run() == 0
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_crash_between_the_commit_and_the_email_sends_it_on_the_retry(cast, run, monkeypatch):
    """The notification is committed but the worker dies before claiming the e-mail."""
    pair(cast)

    with monkeypatch.context() as patch:
        patch.setattr(delivery.transaction, "on_commit", lambda *args, **kwargs: None)
        assert run() == 2
    assert mail.outbox == []
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2

    assert run() == 0
    assert run() == 0
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_crash_after_claiming_the_email_never_sends_it_twice(cast, run, monkeypatch):
    """At most once: once claimed, an e-mail that failed to go out is not retried."""
    pair(cast)

    def smtp_down(notification):
        raise ConnectionError("SMTP is down")

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "email_for", smtp_down)
        assert run() == 2
    assert mail.outbox == []
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2

    run()
    assert mail.outbox == []
    assert Notification.objects.count() == 2


def test_deliver_with_a_known_key_changes_nothing(cast, django_capture_on_commit_callbacks):
    def once():
        with django_capture_on_commit_callbacks(execute=True):
            return delivery.deliver(
                key="monitoring_deadline:test", user=cast.curator, kind=Kind.MONITORING_DEADLINE, title="Первое"
            )

    first = once()
    assert first is not None
    assert once() is None
    assert Notification.objects.get().title == "Первое"
    assert len(mail.outbox) == 1


def test_a_failing_rule_does_not_stop_the_others_but_fails_the_run(cast, run, monkeypatch):
    from notifications import reminders

    pair(cast)

    def broken(school, on):
        raise ValueError("a bug in one rule")

    monkeypatch.setattr(reminders, "DAILY", (broken, *reminders.DAILY))
    with pytest.raises(ValueError, match="a bug in one rule"):
        run()

    assert Notification.objects.count() == 2


def test_each_school_is_reminded_on_its_own_local_date(cast, monkeypatch, django_capture_on_commit_callbacks):
    from notifications import reminders, tasks

    seen = {}

    def record(school, on):
        seen[school.slug] = on
        return []

    monkeypatch.setattr(reminders, "DAILY", (record,))
    # 20:30 UTC on 9 October: still the 9th in Moscow, already the 10th in Irkutsk (UTC+8).
    moment = datetime.datetime(2026, 10, 9, 20, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(tasks.timezone, "now", lambda: moment)

    tasks.remind_all()

    assert seen["school-a"] == datetime.date(2026, 10, 9)
    assert seen["school-b"] == datetime.date(2026, 10, 10)


def test_a_withdrawn_consent_tells_the_curator_at_once(cast, django_capture_on_commit_callbacks):
    made = pair(cast)
    consent = Consent.objects.get(person__user=made.mentee_user, kind=ConsentKind.MENTEE_PARTICIPATION)

    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=consent, actor=cast.secretary, on=datetime.date(2026, 10, 20))

    assert keys(kind=Kind.CONSENT_WITHDRAWN) == [f"consent_withdrawn:{consent.pk}:{cast.curator.pk}"]
    notification = Notification.objects.get(kind=Kind.CONSENT_WITHDRAWN)
    assert notification.school == cast.school
    assert "20.10.2026" in notification.body
    assert notification.url == f"/people/{consent.person_id}/"
    assert [message.to for message in mail.outbox] == [[cast.curator.email]]


def test_a_withdrawal_made_in_english_still_notifies_in_russian(cast, monkeypatch, django_capture_on_commit_callbacks):
    from django.utils import translation

    from notifications import reminders

    made = pair(cast)
    consent = Consent.objects.get(person__user=made.mentee_user, kind=ConsentKind.PERSONAL_DATA)
    languages = []
    real = reminders.withdrawn_consent

    def spy(consent, on):
        languages.append(translation.get_language())
        return real(consent, on)

    monkeypatch.setattr(reminders, "withdrawn_consent", spy)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(consent=consent, actor=cast.secretary, on=datetime.date(2026, 10, 20))

    assert languages == ["ru"]
    assert Notification.objects.filter(kind=Kind.CONSENT_WITHDRAWN).count() == 1


def test_the_task_is_scheduled_daily_and_survives_a_lost_worker(settings):
    from celery.schedules import crontab
    from django.db import OperationalError

    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == run_reminders.name)
    assert entry["schedule"] == crontab(hour=6, minute=0)
    assert run_reminders.acks_late
    assert run_reminders.reject_on_worker_lost
    assert OperationalError in run_reminders.autoretry_for

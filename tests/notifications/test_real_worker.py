"""``run_reminders`` sent twice through Redis to two real worker processes: one notification and
one e-mail per key. The workers read the test database, so its data is committed
(``transaction=True``) and its name is passed to them in ``DATABASE_URL``."""

import datetime
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from notifications.models import Notification
from notifications.tasks import run_reminders
from tests.notifications.helpers import pair
from tests.notifications.test_concurrency import MONDAY, expected_keys
from tests.notifications.test_reminders import awaiting

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent.parent
WORKERS = 2


def database_url_for_workers() -> str:
    """The test database (``test_<name>``), for the worker processes."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def real_workers(tmp_path):
    """Two worker processes (``--pool=solo`` each, as in production) on a queue of their own;
    yields the queue, the files holding their output and the folder their e-mails are written to
    (one file per message: the console backend's output would go through the log, which
    redacts e-mail addresses)."""
    if not settings.CELERY_BROKER_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but CELERY_BROKER_URL is not set: the real-broker test must run in CI")
        pytest.skip("CELERY_BROKER_URL is not set: tasks run eagerly, no worker to test against")
    if connection.vendor != "postgresql":
        pytest.skip(
            "the worker process cannot open pytest-django's in-memory SQLite test database: "
            "set DATABASE_URL to PostgreSQL (CI does)"
        )
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_workers(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    workers, outputs = [], []
    for number in range(WORKERS):
        output = tmp_path / f"worker-{number}.out"
        outputs.append(output)
        with output.open("wb") as stdout:
            workers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "config",
                        "worker",
                        "--pool=solo",
                        "-Q",
                        queue,
                        "--without-gossip",
                        "--without-mingle",
                        "--without-heartbeat",
                        "--loglevel=WARNING",
                        f"--hostname={queue}-{number}@test",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=stdout,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        wait_until_ready([f"{queue}-{number}@test" for number in range(WORKERS)], outputs)
        yield queue, outputs, tmp_path / "mail"
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)


def wait_until_ready(names, outputs, timeout=90) -> None:
    """Both workers answer a ping, so the two runs can be taken by different workers at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = celery_app.control.ping(destination=names, timeout=1.0)
        if {name for reply in replies for name in reply} == set(names):
            return
    pytest.fail(f"the workers did not start in {timeout} s:\n{output_of(outputs)}")


def output_of(outputs) -> str:
    return "\n".join(output.read_text(errors="replace") for output in outputs)


def emailed_to(mail_folder) -> list[str]:
    """Recipients of the e-mails the workers wrote, one file per message."""
    messages = "\n".join(path.read_text() for path in sorted(mail_folder.glob("*.log")))
    return sorted(re.findall(r"(?m)^To: (\S+@\S+)$", messages))


def test_the_task_sent_twice_to_real_workers_reminds_once_per_key(cast, real_workers):
    queue, outputs, mail_folder = real_workers
    made = pair(cast, items=(("Консультация", MONDAY + datetime.timedelta(days=2)),))
    awaiting(cast.school)
    keys = expected_keys(MONDAY)
    assert len(keys) == 6

    results = [run_reminders.apply_async(kwargs={"on": MONDAY.isoformat()}, queue=queue) for _ in range(2)]
    try:
        created = [result.get(timeout=120) for result in results]
    except Exception as exc:  # noqa: BLE001 — shown with the workers' output
        pytest.fail(f"the workers did not run the task ({exc!r}):\n{output_of(outputs)}")

    assert all(result.successful() for result in results)
    assert sum(created) == len(keys)
    assert sorted(Notification.objects.values_list("key", flat=True)) == sorted(keys)
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    recipients = emailed_to(mail_folder)
    assert len(recipients) == len(keys)
    assert made.mentor_user.email in recipients
    assert made.mentee_user.email in recipients

"""A task travels through the real Redis broker to a real Celery worker process and back."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from portal.tasks import worker_health

pytestmark = pytest.mark.broker
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def real_worker():
    if not settings.CELERY_BROKER_URL:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but CELERY_BROKER_URL is not set: the real-broker test must run in CI")
        pytest.skip("CELERY_BROKER_URL is not set: tasks run eagerly, no worker to test against")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
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
            f"--hostname=test-{queue}@%h",
        ],
        cwd=ROOT,
        env={**os.environ},
    )
    try:
        yield queue
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_a_task_runs_on_a_real_worker_through_redis(real_worker):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    result = worker_health.apply_async(queue=real_worker)
    assert result.get(timeout=60) == {"database": "ok"}
    assert result.successful()

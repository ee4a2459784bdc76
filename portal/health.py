"""Liveness of the parts the portal cannot work without."""

from django.conf import settings
from django.db import connection

from config.celery import app as celery_app


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 — any failure means «down», and we say which
        return f"error: {exc.__class__.__name__}"
    return "ok"


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"
    return "ok"


def health_report() -> tuple[bool, dict]:
    report = {"database": database_state(), "broker": broker_state()}
    healthy = all(state in {"ok", "eager"} for state in report.values())
    report["status"] = "ok" if healthy else "error"
    return healthy, report

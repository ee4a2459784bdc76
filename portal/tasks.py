from celery import shared_task

from portal.health import database_state


@shared_task(name="portal.worker_health")
def worker_health() -> dict:
    """Run on a worker: proves the worker is alive and reaches the database."""
    return {"database": database_state()}

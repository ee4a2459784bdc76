"""What every background job shares: the Celery options of a task that may be retried.

A job is acknowledged only once it has run (``acks_late``) and requeued if its worker dies
(``reject_on_worker_lost``); a lost database connection retries it with a growing pause. Each
job is idempotent, so a second run of the same job changes nothing.
"""

from django.db import OperationalError

RETRIED_JOB = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 3,
}

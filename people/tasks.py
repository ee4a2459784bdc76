from celery import shared_task

from people import import_jobs


# Up to IMPORT_MAX_ROWS rows read twice (counted, then imported): minutes, not the default 5.
@shared_task(name="people.run_import_job", acks_late=True, soft_time_limit=1800, time_limit=2000)
def run_import_job(job_id: int) -> str:
    """The preview (a dry run) or the import of a spreadsheet upload: ``people/import_jobs.py``."""
    return import_jobs.run(job_id)

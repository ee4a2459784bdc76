from celery import shared_task

from notifications.jobs import RETRIED_JOB


@shared_task(name="municipal.refresh_school_figures", **RETRIED_JOB)
def refresh_school_figures(self, school_ids: list[int], year: int | None = None) -> int:
    """After a change: these schools' stored figures of the year (the current one by default)."""
    from municipal.figures import refresh_schools

    return refresh_schools(school_ids, year)


@shared_task(name="municipal.refresh_all_figures", **RETRIED_JOB)
def refresh_all_figures(self) -> int:
    """Nightly (Celery beat): every school's stored figures, so none is older than a day."""
    from municipal.figures import refresh_stored

    return refresh_stored()

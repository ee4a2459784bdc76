from celery import shared_task

from backups import exports


@shared_task(name="backups.build_school_export", soft_time_limit=1800, time_limit=2000)
def build_school_export(export_id: int) -> str:
    return exports.build(export_id)

"""``make run``'s Celery beat: runs the periodic jobs in-process (``notifications/scheduler.py``)."""

import os
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from notifications import scheduler


class Command(BaseCommand):
    help = (
        "Runs the jobs of CELERY_BEAT_SCHEDULE in this process when they are due (what fell due while "
        "it was stopped at once), checking every 30 seconds; for `make run`, which has no broker and no beat."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due now, then exit.")
        parser.add_argument(
            "--interval", type=int, default=scheduler.INTERVAL_SECONDS, help="Seconds between checks (default 30)."
        )

    def handle(self, *args, once=False, interval=scheduler.INTERVAL_SECONDS, **options):
        parent = os.getppid()
        if not once:
            self.stdout.write(f"Periodic jobs run in this process, checked every {interval} s.")
        while True:
            self.check_once()
            if once:
                return
            time.sleep(interval)
            if os.getppid() != parent:
                return  # whoever started it (make run's shell) is gone: stop with it
            close_old_connections()  # as between two requests: a broken or too old connection goes

    def check_once(self):
        try:
            outcomes = scheduler.run_due()
        except Exception as exc:  # noqa: BLE001 — the database may be busy or gone for a moment: next check
            self.stderr.write(f"{timezone.localtime():%H:%M:%S} the periodic jobs were not checked: {exc}")
            return
        for outcome in outcomes:
            if outcome.error:
                self.stderr.write(f"{timezone.localtime():%H:%M:%S} {outcome.job}: failed: {outcome.error}")
            else:
                self.stdout.write(f"{timezone.localtime():%H:%M:%S} {outcome.job}: done ({outcome.result})")

import os

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.orphans import remove_orphan_files


class Command(BaseCommand):
    help = (
        "Delete the uploaded files that no record refers to and that are older than a day "
        "(what the daily job portal.clean_orphan_files does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only list the files that would be deleted")

    def handle(self, *args, dry_run=False, **options):
        cleanup = remove_orphan_files(dry_run=dry_run)
        for path in cleanup.removed:
            self.stdout.write(os.path.relpath(path, os.path.realpath(settings.MEDIA_ROOT)))
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(
            f"{len(cleanup.removed)} orphan files {verb}; {cleanup.kept_referenced} referenced and "
            f"{cleanup.kept_recent} younger than a day kept."
        )

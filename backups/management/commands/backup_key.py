import base64
import os

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Print a new random key for BACKUP_KEY (32 bytes in base64). Keep it outside the backups: "
        "without it the archives cannot be restored."
    )

    def handle(self, *args, **options):
        self.stdout.write(base64.urlsafe_b64encode(os.urandom(32)).decode())

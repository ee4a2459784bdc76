import datetime
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from backups import archive, database, media

ARCHIVE_PATTERN = "nastavnik-backup-*.tar.gz*"  # .tar.gz.enc, or .tar.gz made with --unencrypted


class Command(BaseCommand):
    help = (
        "Back up the whole portal: the database and every uploaded file (MEDIA_ROOT) into one "
        "timestamped .tar.gz with a manifest of SHA-256 checksums, encrypted and authenticated with BACKUP_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=".", help="folder for the archive (created if absent)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias to dump")
        parser.add_argument("--keep", type=int, default=0, help="keep only the newest N archives in the folder")
        parser.add_argument(
            "--unencrypted",
            action="store_true",
            help="write the archive in the clear (anyone who gets it reads everyone's data)",
        )

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if not database.supported(connection):
            raise CommandError(
                _("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": connection.vendor}
            )
        key = settings.BACKUP_KEY
        if options["unencrypted"]:
            key = None
        elif key is None:
            raise CommandError(
                _(
                    "BACKUP_KEY is not set: the archive would hold everyone's data in the clear. Set BACKUP_KEY "
                    "(or BACKUP_KEY_FILE; make a key with «python manage.py backup_key»), or run again with "
                    "--unencrypted if you really mean it."
                )
            )
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d-%H%M%S")
        target = output / f"nastavnik-backup-{stamp}.tar.gz{'.enc' if key else ''}"
        dump_name = database.DUMP_NAMES[connection.vendor]
        applied = MigrationRecorder(connection).applied_migrations().keys()
        with tempfile.TemporaryDirectory(prefix="nastavnik-backup-") as work:
            dump = Path(work) / dump_name
            try:
                database.dump(connection, dump)
            except database.DatabaseError as exc:
                raise CommandError(str(exc)) from exc
            files = media.files_to_back_up(exclude=output)
            manifest = archive.write(
                target,
                vendor=connection.vendor,
                dump=dump,
                dump_name=dump_name,
                media=files,
                migrations=applied,
                key=key,
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Backup written: %(file)s (%(count)s files, %(size)s MB).")
                % {
                    "file": target,
                    "count": len(manifest.files) - 1,
                    "size": round(target.stat().st_size / 1024 / 1024, 1),
                }
            )
        )
        if key is None:
            self.stderr.write(
                self.style.WARNING(
                    _("The archive is NOT encrypted: it holds everyone's personal data in the clear, keep it safe.")
                )
            )
        if options["keep"] > 0:
            for old in sorted(output.glob(ARCHIVE_PATTERN), reverse=True)[options["keep"] :]:
                old.unlink()
                self.stdout.write(_("Removed the old backup %(file)s.") % {"file": old})

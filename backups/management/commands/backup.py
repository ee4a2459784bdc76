import datetime
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from backups import archive, database, media

ARCHIVE_PATTERN = "nastavnik-backup-*.tar.gz"


class Command(BaseCommand):
    help = (
        "Back up the whole portal: the database and every uploaded file (MEDIA_ROOT) into one "
        "timestamped .tar.gz with a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=".", help="folder for the archive (created if absent)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias to dump")
        parser.add_argument("--keep", type=int, default=0, help="keep only the newest N archives in the folder")

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if not database.supported(connection):
            raise CommandError(
                _("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": connection.vendor}
            )
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(tz=datetime.UTC).strftime("%Y%m%d-%H%M%S")
        target = output / f"nastavnik-backup-{stamp}.tar.gz"
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
                target, vendor=connection.vendor, dump=dump, dump_name=dump_name, media=files, migrations=applied
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
        if options["keep"] > 0:
            for old in sorted(output.glob(ARCHIVE_PATTERN), reverse=True)[options["keep"] :]:
                old.unlink()
                self.stdout.write(_("Removed the old backup %(file)s.") % {"file": old})

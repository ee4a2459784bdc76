import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

from backups import archive, database, media


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from an archive made by «backup». The archive is "
        "authenticated with BACKUP_KEY and its checksums are verified first; a non-empty database is "
        "overwritten only with --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a nastavnik-backup-….tar.gz.enc file")
        parser.add_argument("--yes", action="store_true", help="overwrite a database that holds data")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="the database alias to restore into")
        parser.add_argument(
            "--unencrypted",
            action="store_true",
            help="accept an archive that is not encrypted (nothing proves who made it)",
        )

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        with tempfile.TemporaryDirectory(prefix="nastavnik-restore-") as work:
            try:
                manifest = archive.unpack(
                    Path(options["archive"]),
                    Path(work),
                    key=settings.BACKUP_KEY,
                    allow_unencrypted=options["unencrypted"],
                )
            except archive.ArchiveError as exc:
                raise CommandError(str(exc)) from exc
            self._check_fits(connection, manifest)
            if database.holds_data(connection) and not options["yes"]:
                raise CommandError(
                    _("The database already holds data; nothing was changed. Run again with --yes to overwrite it.")
                )
            staging = media.stage(Path(work) / archive.MEDIA_PREFIX.rstrip("/"))
            try:
                database.restore(connection, Path(work) / manifest.dump)
            except database.DatabaseError as exc:
                media.discard(staging)
                raise CommandError(
                    _("The database was not restored and the files were left as they were: %(error)s") % {"error": exc}
                ) from exc
            media.swap_in(staging)
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored the backup of %(date)s: the database and %(count)s files.")
                % {"date": manifest.created_at, "count": len(manifest.files) - 1}
            )
        )
        pending = self._known_migrations() - {tuple(pair) for pair in manifest.migrations}
        if pending:
            self.stdout.write(
                self.style.WARNING(
                    _("The code is newer than the backup: run «python manage.py migrate» (%(count)s migrations).")
                    % {"count": len(pending)}
                )
            )

    def _check_fits(self, connection, manifest) -> None:
        if manifest.vendor != connection.vendor:
            raise CommandError(
                _("The archive holds a %(archive)s database, this portal runs on %(current)s; nothing was changed.")
                % {"archive": manifest.vendor, "current": connection.vendor}
            )
        unknown = {tuple(pair) for pair in manifest.migrations} - self._known_migrations()
        if unknown:
            raise CommandError(
                _(
                    "The archive was made by a newer version of the portal (unknown migrations: %(names)s); "
                    "update the code first. Nothing was changed."
                )
                % {"names": ", ".join(sorted(f"{app}.{name}" for app, name in unknown)[:10])}
            )

    @staticmethod
    def _known_migrations() -> set[tuple[str, str]]:
        return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from mentoring.importing import import_pairs
from people.importing import UnreadableFile
from people.management.commands.import_people import Command as ImportPeopleCommand


class Command(ImportPeopleCommand):
    """Takes the same arguments as ``import_people`` and finds the school the same way."""

    help = (
        "Import the existing pairs and groups of the school SLUG from an XLSX or CSV spreadsheet. "
        "Exits non-zero only when the file itself cannot be read; rejected rows and warnings are listed."
    )

    def handle(self, *args, **options):
        school = self._school(options["school"])
        path = Path(options["file"])
        try:
            with path.open("rb") as file:
                report = import_pairs(school=school, file=file, filename=path.name, dry_run=options["dry_run"])
        except OSError as exc:
            raise CommandError(_("Cannot open «%(file)s»: %(error)s") % {"file": path, "error": exc.strerror}) from exc
        except UnreadableFile as exc:
            raise CommandError(_("Cannot read «%(file)s»: %(error)s") % {"file": path, "error": exc}) from exc
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for row in report.created:
            for note in row.notes:
                self.stdout.write(
                    self.style.WARNING(_("Line %(line)s: %(reason)s") % {"line": row.line, "reason": note})
                )
        for rejected in report.rejected:
            self.stdout.write(self.style.ERROR(str(rejected)))
        self.stdout.write(self.style.SUCCESS(report.summary()))

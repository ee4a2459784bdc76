from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import School
from people.importing import UnreadableFile, import_people


class Command(BaseCommand):
    help = (
        "Import the people bank of the school SLUG from an XLSX or CSV spreadsheet. "
        "Exits non-zero only when the file itself cannot be read; rejected rows are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx file (its first sheet is read) or a .csv file")
        parser.add_argument("--school", required=True, help="the school's public address, e.g. school-2-irkutsk")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report, writing nothing")

    def handle(self, *args, **options):
        school = self._school(options["school"])
        path = Path(options["file"])
        try:
            with path.open("rb") as file:
                report = import_people(school=school, file=file, filename=path.name, dry_run=options["dry_run"])
        except OSError as exc:
            raise CommandError(_("Cannot open «%(file)s»: %(error)s") % {"file": path, "error": exc.strerror}) from exc
        except UnreadableFile as exc:
            raise CommandError(_("Cannot read «%(file)s»: %(error)s") % {"file": path, "error": exc}) from exc
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for rejected in report.rejected:
            self.stdout.write(self.style.ERROR(str(rejected)))
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _school(self, slug: str) -> School:
        try:
            return School.objects.get(slug=slug)
        except School.DoesNotExist:
            raise CommandError(_("There is no school with the address «%(slug)s».") % {"slug": slug}) from None

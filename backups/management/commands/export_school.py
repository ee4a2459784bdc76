from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import School
from backups.school_export import write_school_export


class Command(BaseCommand):
    help = (
        "Export every record of the school SLUG into one ZIP: JSON per model, an XLSX workbook with a "
        "sheet per model, the files the records refer to and a README.txt."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the school's public address, e.g. sosh-2")
        parser.add_argument("--output", help="the ZIP file to write (default: SLUG-YYYY-MM-DD.zip here)")

    def handle(self, *args, **options):
        slug = options["slug"]
        try:
            school = School.objects.get(slug=slug)
        except School.DoesNotExist:
            raise CommandError(_("There is no school with the address «%(slug)s».") % {"slug": slug}) from None
        target = Path(options["output"] or f"{school.slug}-{timezone.localdate():%Y-%m-%d}.zip")
        target.parent.mkdir(parents=True, exist_ok=True)
        summary = write_school_export(school, target)
        self.stdout.write(
            self.style.SUCCESS(
                _("Exported «%(school)s» to %(file)s: %(rows)s records, %(files)s files.")
                % {
                    "school": school,
                    "file": target,
                    "rows": sum(part.rows for part in summary.parts),
                    "files": len(summary.files),
                }
            )
        )
        if summary.missing_files:
            self.stdout.write(
                self.style.WARNING(
                    _("%(count)s files the records refer to are missing from the storage; README.txt lists them.")
                    % {"count": len(summary.missing_files)}
                )
            )

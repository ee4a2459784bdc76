import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import School
from monitoring.indicators import compute


class Command(BaseCommand):
    help = "Print a school's target indicators for an academic year (the same numbers as the dashboard)."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="the school's address (slug)")
        parser.add_argument(
            "--year", required=True, type=int, help="the academic year's first calendar year, e.g. 2026"
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(_("There is no school with the address «%(slug)s».") % {"slug": options["school"]})
        indicators = compute(school, options["year"])
        if options["format"] == "json":
            payload = {"school": school.slug, "year": options["year"], "indicators": [i.as_dict() for i in indicators]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for item in indicators:
            value = "—" if item.value is None else item.value
            target = "" if item.target is None else f" / {item.target}"
            self.stdout.write(f"{item.label}: {value}{target} ({item.numerator}/{item.denominator or '—'})")

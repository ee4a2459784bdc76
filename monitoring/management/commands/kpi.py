import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import School
from monitoring import snapshot
from monitoring.indicators import compute


class Command(BaseCommand):
    help = (
        "Print a school's target indicators for an academic year (the same numbers as the dashboard): "
        "the frozen figures once the year is frozen, or the current ones with --live."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="the school's address (slug)")
        parser.add_argument(
            "--year", required=True, type=int, help="the academic year's first calendar year, e.g. 2026"
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--live", action="store_true", help="the current figures even when the year is frozen")

    def handle(self, *args, **options):
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(_("There is no school with the address «%(slug)s».") % {"slug": options["school"]})
        year = options["year"]
        if options["live"]:
            indicators, result = compute(school, year), None
        else:
            indicators, result = snapshot.official(school, year)
        if options["format"] == "json":
            payload = {
                "school": school.slug,
                "year": year,
                "frozen": result is not None,
                "indicators": [i.as_dict() for i in indicators],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        if result is not None:
            self.stdout.write(_("Frozen on %(day)s.") % {"day": result.frozen_on.strftime("%d.%m.%Y")})
        for item in indicators:
            value = "—" if item.value is None else item.value
            target = "" if item.target is None else f" / {item.target}"
            self.stdout.write(f"{item.label}: {value}{target} ({item.numerator}/{item.denominator or '—'})")

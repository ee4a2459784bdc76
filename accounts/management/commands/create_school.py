from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import School
from accounts.services import school_create
from accounts.timezones import RUSSIAN_TIME_ZONES


class Command(BaseCommand):
    help = "Create a school (educational organization) with its public address SLUG."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="public address, e.g. school-2-irkutsk")
        parser.add_argument("full_name", help="full official name")
        parser.add_argument("--short-name", default="")
        parser.add_argument("--municipality", default="", help="municipality name; created if absent")
        parser.add_argument(
            "--time-zone", default="Europe/Moscow", choices=[zone for zone, _label in RUSSIAN_TIME_ZONES]
        )
        parser.add_argument("--address", default="")
        parser.add_argument("--director-name", default="")

    def handle(self, *args, **options):
        if School.objects.filter(slug=options["slug"]).exists():
            raise CommandError(_("A school with the address «%(slug)s» already exists.") % {"slug": options["slug"]})
        try:
            school = school_create(
                slug=options["slug"],
                full_name=options["full_name"],
                short_name=options["short_name"],
                municipality_name=options["municipality"],
                time_zone=options["time_zone"],
                address=options["address"],
                director_name=options["director_name"],
            )
        except ValidationError as exc:
            messages = "; ".join(f"{field}: {' '.join(errs)}" for field, errs in exc.message_dict.items())
            raise CommandError(_("The school was not created: %(errors)s") % {"errors": messages}) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Created school «%(school)s» (id %(id)s, address /s/%(slug)s/).")
                % {"school": school, "id": school.pk, "slug": school.slug}
            )
        )

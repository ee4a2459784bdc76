from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.seed import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Create or refresh the demo municipality, schools, people and accounts (idempotent)."

    def handle(self, *args, **options):
        seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data is ready. Log in as demo-curator (password %(password)s); see README for other roles.")
                % {"password": DEMO_PASSWORD}
            )
        )

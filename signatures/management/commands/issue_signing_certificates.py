"""Creates the deployment's root if absent and a certificate for each director who has no valid one."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Membership, School
from accounts.roles import Role
from signatures import issuing


class Command(BaseCommand):
    help = (
        "Creates the deployment's root certificate if there is none and issues a signing certificate to "
        "each director without a valid one (all schools, or --school SLUG)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", help="only this school (its slug)")

    def handle(self, *args, school=None, **options):
        root = issuing.deployment_root()
        self.stdout.write(f"Root: {root.subject_name} ({root.serial_hex}), valid until {root.not_after:%d.%m.%Y}")
        schools = School.objects.all()
        if school:
            schools = schools.filter(slug=school)
            if not schools.exists():
                raise CommandError(f"No school with the slug {school!r}")
        issued = 0
        for membership in (
            Membership.objects.filter(role=Role.DIRECTOR, school__in=schools)
            .select_related("user", "school")
            .order_by("school__slug", "user__username")
        ):
            user, where = membership.user, membership.school
            existing = issuing.current(user=user, school=where)
            if existing is not None:
                self.stdout.write(f"{where.slug}: {user.get_full_name()} already has {existing.serial_hex}")
                continue
            certificate = issuing.issue(user=user, school=where)
            issued += 1
            self.stdout.write(
                f"{where.slug}: issued {certificate.serial_hex} to {user.get_full_name()}, "
                f"valid until {certificate.not_after:%d.%m.%Y}"
            )
        self.stdout.write(self.style.SUCCESS(f"Issued {issued} certificate(s)."))

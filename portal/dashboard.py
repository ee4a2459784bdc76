"""What each role's home page shows: reads only, scoped to the current school."""

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import School
from accounts.roles import MANAGEMENT_ROLES, Role
from people.models import Person, PersonKind
from people.registry import people_with_active_mentorship


def school_summary(school) -> dict:
    today = timezone.localdate()
    current = Q(left_on__isnull=True) | Q(left_on__gt=today)
    return Person.objects.for_school(school).aggregate(
        staff=Count("pk", filter=current & Q(kind=PersonKind.STAFF)),
        pupils=Count("pk", filter=current & Q(kind=PersonKind.PUPIL)),
        practicum=Count("pk", filter=current & Q(kind=PersonKind.PRACTICUM_STUDENT)),
        external=Count("pk", filter=current & Q(kind=PersonKind.EXTERNAL)),
        archived=Count("pk", filter=~current),
    )


def municipality_summary(municipality) -> list[School]:
    """Aggregates per school of a municipality: counts only, no personal data."""
    today = timezone.localdate()
    current = Q(people_person__left_on__isnull=True) | Q(people_person__left_on__gt=today)
    return list(
        School.objects.filter(municipality=municipality)
        .annotate(
            staff_count=Count("people_person", filter=current & Q(people_person__kind=PersonKind.STAFF)),
            pupil_count=Count("people_person", filter=current & Q(people_person__kind=PersonKind.PUPIL)),
        )
        .order_by("short_name", "full_name")
    )


def dashboard_context(request) -> dict:
    roles = request.roles
    context = {"is_manager": bool(roles & (MANAGEMENT_ROLES | {Role.COUNCIL_MEMBER}))}
    if context["is_manager"]:
        context["summary"] = school_summary(request.school)
        people = Person.objects.for_school(request.school).current()
        context["bank"] = {
            "mentors": people.mentors().count(),
            "mentees": people.mentees().count(),
            "needing": people.needing_a_mentor().exclude(
                pk__in=people_with_active_mentorship(request.school, timezone.localdate())
            ).count(),
        }
    own = Person.objects.for_school(request.school).filter(user=request.user).first()
    context["own_person"] = own
    context["is_mentor"] = Role.MENTOR in roles
    context["is_mentee"] = Role.MENTEE in roles
    return context

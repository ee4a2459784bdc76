"""What each role's home page shows: reads only, scoped to the current school."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from accounts.roles import MANAGEMENT_ROLES, Role
from documents.signing import awaiting_party
from mentoring.models import Mentorship
from people.models import Person, PersonKind
from people.registry import people_with_active_mentorship
from portal.todo import grouped, tasks_for
from programs.calendar import items_for_user
from programs.models import Program
from programs.rules import progress


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


def dashboard_context(request) -> dict:
    roles = request.roles
    context = {"is_manager": bool(roles & (MANAGEMENT_ROLES | {Role.COUNCIL_MEMBER}))}
    if context["is_manager"]:
        context["summary"] = school_summary(request.school)
        people = Person.objects.for_school(request.school).current()
        context["bank"] = {
            "mentors": people.mentors().count(),
            "mentees": people.mentees().count(),
            "needing": people.needing_a_mentor()
            .exclude(pk__in=people_with_active_mentorship(request.school, timezone.localdate()))
            .count(),
        }
    tasks = tasks_for(request)
    context["todo"] = grouped(tasks)
    if any(task.key == "my-signatures" for task in tasks):
        # Which ones: the task links the first, the list under it names each.
        context["my_signatures"] = list(awaiting_party(request.user).filter(school=request.school))
    own = Person.objects.for_school(request.school).filter(user=request.user).select_related("school").first()
    context["own_person"] = own
    context["is_mentor"] = Role.MENTOR in roles
    context["is_mentee"] = Role.MENTEE in roles
    if own is not None:
        context["my_mentorships"] = my_mentorships(own)
        today = timezone.localdate()
        context["upcoming"] = items_for_user(request.user, since=today, until=today + datetime.timedelta(days=14))[:10]
    return context


def my_mentorships(person) -> list[dict]:
    """The person's current mentorships with their program's progress, for the home page."""
    today = timezone.localdate()
    mentorships = (
        Mentorship.objects.for_school(person.school)
        .open()
        .filter(participants__person=person, participants__ended_on__isnull=True)
        .distinct()
        .select_related("form")
        .prefetch_related("participants__person")
    )
    programs = {
        p.mentorship_id: p for p in Program.objects.filter(mentorship__in=mentorships).prefetch_related("items")
    }
    rows = []
    for mentorship in mentorships:
        program = programs.get(mentorship.pk)
        rows.append(
            {
                "mentorship": mentorship,
                "program": program,
                "progress": progress(program, today) if program else None,
                "overdue": sum(1 for i in program.items.all() if i.is_overdue(today)) if program else 0,
            }
        )
    return rows

"""Reads for the curator's board and the mentorship pages; a fixed number of queries each."""

import datetime
from collections import Counter

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring.lifecycle import consent_problems, hard_cap, people_with_running_mentorship
from mentoring.matching import loads_for
from mentoring.models import OPEN, Mentorship, Participant, Status
from mentoring.registry import BoardNote, board_notes
from people.models import Consent, Person

ENDING_SOON_DAYS = 30


def with_people(queryset):
    return queryset.select_related("form", "role_model").prefetch_related(
        "modes",
        Prefetch(
            "participants",
            Participant.objects.select_related("person", "person__mentor_profile").prefetch_related(
                Prefetch("person__consents", Consent.objects.all())
            ),
        ),
    )


def alerts_for(mentorship: Mentorship, on: datetime.date) -> list[str]:
    if mentorship.status == Status.NOT_FORMED:
        return []  # dropped before its order: nothing left for the curator to do
    alerts = []
    if mentorship.consent_alert:
        alerts.extend(mentorship.consent_alert.splitlines())
    if mentorship.status in OPEN:
        alerts.extend(problem for problem in consent_problems(mentorship, on) if problem not in alerts)
    if mentorship.status == Status.ACTIVE:
        left = mentorship.days_left(on)
        if left < 0:
            alerts.append(
                _("Overdue: the planned end %(date)s has passed.")
                % {"date": mentorship.planned_end.strftime("%d.%m.%Y")}
            )
        elif left <= ENDING_SOON_DAYS:
            alerts.append(
                _("Ends in %(days)s days, on %(date)s.")
                % {"days": left, "date": mentorship.planned_end.strftime("%d.%m.%Y")}
            )
    return alerts


def board(school, on: datetime.date | None = None) -> dict:
    on = on or timezone.localdate()
    mentorships = list(with_people(Mentorship.objects.for_school(school)).order_by("status", "planned_end"))
    counts = Counter(m.status for m in mentorships)
    notes = board_notes(mentorships, on)
    rows = [(m, alerts_for(m, on) + notes.get(m.pk, BoardNote()).alerts) for m in mentorships]
    for mentorship in mentorships:
        mentorship.note = notes.get(mentorship.pk)
    formed = [(m, a) for m, a in rows if m.status != Status.NOT_FORMED]
    busy = people_with_running_mentorship(school, on)
    needing = (
        Person.objects.for_school(school)
        .needing_a_mentor(on)
        .exclude(pk__in=busy)
        .select_related("mentee_profile")
        .prefetch_related("category_marks")
    )
    mentors = list(Person.objects.for_school(school).current(on).mentors().select_related("mentor_profile"))
    loads = loads_for(mentors)
    return {
        # Pairs dropped before their order were never formed: counted and listed apart, never among the others.
        "statuses": [(status, counts.get(status.value, 0)) for status in Status if status != Status.NOT_FORMED],
        "open_rows": [(m, a) for m, a in formed if m.status in OPEN],
        "closed_rows": [(m, a) for m, a in formed if m.status not in OPEN],
        "not_formed_rows": [(m, []) for m, _a in rows if m.status == Status.NOT_FORMED],
        "alert_count": sum(1 for _m, a in formed if a),
        "needing": [(p, p.categories(on)) for p in needing],
        "loads": [{"person": p, "load": loads.get(p.pk, 0), "max": p.mentor_profile.max_mentees} for p in mentors],
        "hard_cap": hard_cap(school),
    }


def mentor_load_expression():
    """Distinct current mentees of the outer person as a mentor (proposed, approved, active)."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from mentoring.models import LOADING

    mentees = (
        Participant.objects.filter(
            role=Participant.Role.MENTEE,
            ended_on__isnull=True,
            mentorship__status__in=LOADING,
            mentorship__participants__person=OuterRef("pk"),
            mentorship__participants__role=Participant.Role.MENTOR,
            mentorship__participants__ended_on__isnull=True,
        )
        .order_by()
        .values("mentorship__participants__person")
        .annotate(total=Count("person", distinct=True))
        .values("total")
    )
    return Coalesce(Subquery(mentees, output_field=IntegerField()), 0)

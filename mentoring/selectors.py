"""Reads for the curator's board and the mentorship pages; a fixed number of queries each."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.orders import completed_programs_without_order, pending_orders_about_pairs, proposed_without_order
from mentoring.archive import archived_condition, archived_count_expression, on_board
from mentoring.lifecycle import consent_problems, hard_cap
from mentoring.models import LOADING, OPEN, Mentorship, Participant, Status
from mentoring.registry import BoardNote, board_notes
from people.consents import kinds_in_force
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


def alerts_for(mentorship: Mentorship, on: datetime.date, in_force: dict[int, set[str]] | None = None) -> list[str]:
    """``in_force``: the consent kinds in force of the participants, when read for the whole board."""
    if mentorship.status == Status.NOT_FORMED:
        return []  # dropped before its order: nothing left for the curator to do
    alerts = []
    if mentorship.consent_alert:
        alerts.extend(mentorship.consent_alert.splitlines())
    if mentorship.status in OPEN:
        alerts.extend(problem for problem in consent_problems(mentorship, on, in_force) if problem not in alerts)
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


# What the board reads of a participant: the name, and what tells a minor (a guardian's consent).
BOARD_PERSON_FIELDS = tuple(
    f"person__{name}" for name in ("last_name", "first_name", "patronymic", "birth_date", "kind", "school_id")
)


def board_rows(queryset, on: datetime.date) -> tuple[list[Mentorship], dict[int, set[str]]]:
    """The board's mentorships with their form and people, and the consent kinds in force of the
    participants of the open ones (for their alerts): three queries.

    Participants are read as ``prefetch_related`` would, but stored without the filtered queryset
    it builds for every row; ``participants.all()`` answers from what was read. A person is read
    with the fields the board shows and no more (no contacts, no identity document)."""
    mentorships = list(queryset.select_related("form"))
    participants = list(
        Participant.objects.filter(mentorship__in=[m.pk for m in mentorships])
        .select_related("person")
        .only("mentorship_id", "person_id", "role", "started_on", "ended_on", *BOARD_PERSON_FIELDS)
    )
    _store_prefetched(mentorships, "participants", Participant, participants, "mentorship_id")
    open_ids = {m.pk for m in mentorships if m.status in OPEN}
    in_force = kinds_in_force({p.person_id for p in participants if p.mentorship_id in open_ids}, on)
    return mentorships, in_force


def _store_prefetched(owners, name: str, model, rows, owner_field: str) -> None:
    """Stores ``rows`` where ``prefetch_related`` stores them: ``owner.<name>.all()`` then reads no more."""
    by_owner = defaultdict(list)
    for row in rows:
        by_owner[getattr(row, owner_field)].append(row)
    for owner in owners:
        cached = model.objects.all()
        cached._result_cache = by_owner.get(owner.pk, [])
        cached._prefetch_done = True
        owner.__dict__.setdefault("_prefetched_objects_cache", {})[name] = cached


def archive_rows(queryset):
    """The archive's tables: ended mentorships raise no alerts, so no consents."""
    participants = Participant.objects.select_related("person")
    return queryset.select_related("form").prefetch_related(Prefetch("participants", participants))


def mentees_in_running_mentorships(mentorships, on: datetime.date) -> set[int]:
    """``lifecycle.people_with_running_mentorship`` read from the board's own rows, which hold
    every proposed, approved and active mentorship of the school with its participants."""
    return {
        p.person_id
        for m in mentorships
        if m.status in LOADING and m.planned_end >= on
        for p in m.current_participants(Participant.Role.MENTEE)
    }


def board(school, on: datetime.date | None = None) -> dict:
    """Everything open, and what ended or was not formed this academic year; earlier years are archived."""
    on = on or timezone.localdate()
    mentorships, in_force = board_rows(
        on_board(Mentorship.objects.for_school(school), on)
        .annotate(archived_total=archived_count_expression(school, on))
        .order_by("status", "planned_end", "pk"),
        on,
    )
    if mentorships:
        archived_count = mentorships[0].archived_total
    else:
        archived_count = Mentorship.objects.for_school(school).filter(archived_condition(on)).count()
    counts = Counter(m.status for m in mentorships)
    notes = board_notes(mentorships, on)
    rows = [(m, alerts_for(m, on, in_force) + notes.get(m.pk, BoardNote()).alerts) for m in mentorships]
    for mentorship in mentorships:
        mentorship.note = notes.get(mentorship.pk)
    formed = [(m, a) for m, a in rows if m.status != Status.NOT_FORMED]
    needing = (
        Person.objects.for_school(school)
        .needing_a_mentor(on)
        .exclude(pk__in=mentees_in_running_mentorships(mentorships, on))
        .select_related("mentee_profile")
        .prefetch_related("category_marks")
    )
    mentors = (
        Person.objects.for_school(school)
        .current(on)
        .mentors()
        .select_related("mentor_profile")
        .annotate(load=mentor_load_expression())
    )
    return {
        # Pairs dropped before their order were never formed: counted and listed apart, never among the others.
        "statuses": [(status, counts.get(status.value, 0)) for status in Status if status != Status.NOT_FORMED],
        "open_rows": [(m, a) for m, a in formed if m.status in OPEN],
        "closed_rows": [(m, a) for m, a in formed if m.status not in OPEN],
        "not_formed_rows": [(m, []) for m, _a in rows if m.status == Status.NOT_FORMED],
        "alert_count": sum(1 for _m, a in formed if a),
        "archived_count": archived_count,
        "needing": [(p, p.categories(on)) for p in needing],
        "loads": [{"person": p, "load": p.load, "max": p.mentor_profile.max_mentees} for p in mentors],
        "hard_cap": hard_cap(school),
    }


def orders_to_draft(school, open_rows) -> dict:
    """The board's proposed pairs without a fixing order and its active pairs with a completed
    program and no completion order, taken from its own rows (both are open, so on the board):
    one query for the ids of both, told apart by their status."""
    by_pk = {m.pk: m for m, _alerts in open_rows}
    found = (
        proposed_without_order(school)
        .order_by()
        .values_list("pk", flat=True)
        .union(completed_programs_without_order(school).order_by().values_list("pk", flat=True))
    )
    waiting = sorted((by_pk[pk] for pk in found if pk in by_pk), key=lambda m: (-m.planned_start.toordinal(), m.pk))
    return {
        "awaiting_order": [m for m in waiting if m.status == Status.PROPOSED],
        "awaiting_completion": [m for m in waiting if m.status == Status.ACTIVE],
        "pending_orders": list(pending_orders_about_pairs(school)),
    }


def mentor_load_expression():
    """Distinct current mentees of the outer person as a mentor (proposed, approved, active)."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

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

"""Which written consents a participant needs, and which are missing."""

import datetime
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from people.models import Consent, ConsentKind, Person


def required_consents(person: Person, *, as_mentor: bool, on: datetime.date | None = None) -> list[str]:
    kinds = [
        ConsentKind.PERSONAL_DATA,
        ConsentKind.MENTOR_PARTICIPATION if as_mentor else ConsentKind.MENTEE_PARTICIPATION,
    ]
    if person.is_minor(on):
        kinds.append(ConsentKind.GUARDIAN)
    return kinds


def missing_consents(
    person: Person, *, as_mentor: bool, on: datetime.date | None = None, in_force: set[str] | None = None
) -> list[str]:
    """``in_force``: the kinds of the person's consents in force on ``on``, when already read
    (``kinds_in_force``); otherwise read from ``person.consents``."""
    on = on or timezone.localdate()
    active = in_force if in_force is not None else {c.kind for c in person.consents.all() if c.is_active(on)}
    return [kind for kind in required_consents(person, as_mentor=as_mentor, on=on) if kind not in active]


def kinds_in_force(person_ids, on: datetime.date) -> dict[int, set[str]]:
    """The kinds of consent each person has in force on ``on``, in one query of (person, kind)
    pairs: what ``missing_consents`` needs of many people, without a model row per consent."""
    found = defaultdict(set)
    pairs = Consent.objects.active(on).filter(person__in=person_ids).values_list("person_id", "kind").distinct()
    for person_id, kind in pairs.order_by():
        found[person_id].add(kind)
    return found


def consent_term_end(given_on: datetime.date) -> datetime.date:
    """The definite term a consent states: through 31 August of the next academic year, so that it
    covers a program of up to twelve months begun this year; the bank is actualized every year."""
    academic_start = given_on.year if given_on.month >= 9 else given_on.year - 1
    return datetime.date(academic_start + 2, 8, 31)


def _active(kind: str, on: datetime.date):
    return Exists(Consent.objects.active(on).filter(person=OuterRef("pk"), kind=kind))


def filter_by_consent_state(queryset: QuerySet, state: str, *, as_mentor: bool, on: datetime.date | None = None):
    """``complete``: personal data and participation consents in force; ``missing``: not;
    ``withdrawn``: at least one consent withdrawn."""
    on = on or timezone.localdate()
    participation = ConsentKind.MENTOR_PARTICIPATION if as_mentor else ConsentKind.MENTEE_PARTICIPATION
    complete = Q(_pd=True, _part=True)
    queryset = queryset.annotate(_pd=_active(ConsentKind.PERSONAL_DATA, on), _part=_active(participation, on))
    if state == "complete":
        return queryset.filter(complete)
    if state == "missing":
        return queryset.exclude(complete)
    if state == "withdrawn":
        return queryset.filter(Exists(Consent.objects.filter(person=OuterRef("pk"), withdrawn_on__lte=on)))
    return queryset

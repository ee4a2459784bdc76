"""The municipal bank of mentors and mentees (seed 004 §III.6): one base for the whole municipality.

A person is in it only while a consent to share their data with the municipality for mentoring
(``ConsentKind.MUNICIPAL_SHARING``) is in force; everyone else stays in their school's bank alone.
The bank shows what matching needs and nothing else (``MATCHING_DATA``): no birth dates, no
documents, no addresses. Contacts (phone, e-mail) only of a person whose consent in force was
given on the printed form with «I agree to be contacted» ticked (the document's context keeps
``contacts``); a consent recorded from paper without that form shares no contacts.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from mentoring.models import LOADING, MentoringForm, Participant
from people.models import Consent, ConsentKind, Person, PersonKind
from people.registry import with_mentor_load

# What the consent (templates/documents/consent_municipal.html) lets the school hand over.
MATCHING_DATA = (
    "наименование образовательной организации (место работы или учёбы)",
    "фамилия, имя, отчество",
    "должность (для обучающегося — класс), для представителя партнёрской организации — её наименование",
    "преподаваемые предметы",
    "стаж педагогической работы",
    "квалификационная категория",
    "текущая нагрузка наставника (число наставляемых и предельное число)",
    "готовность быть наставником и формы наставничества, в которых возможно участие",
    "для наставляемого — категория наставляемого и профессиональные дефициты (без результатов диагностики)",
)
CONTACT_DATA = "контактный телефон и адрес электронной почты — для связи по вопросам формирования пары или группы"


def shares_with_municipality(on: datetime.date | None = None) -> Exists:
    """True for a person (``OuterRef("pk")``) whose municipal consent is in force on ``on``."""
    return Exists(
        Consent.objects.active(on or timezone.localdate()).filter(
            person=OuterRef("pk"), kind=ConsentKind.MUNICIPAL_SHARING
        )
    )


def consenting_people(municipality, on: datetime.date | None = None):
    """The people of the municipality's schools who share their data with it, on ``on``."""
    if municipality is None:
        return Person.objects.none()
    on = on or timezone.localdate()
    return Person.objects.current(on).filter(school__municipality=municipality).filter(shares_with_municipality(on))


def in_a_pair(on: datetime.date) -> Exists:
    """The person (``OuterRef("pk")``) is a mentee of a pair or group proposed, fixed by an order or
    running on ``on``: someone is already matched (a proposed pair waits for its order)."""
    return Exists(
        Participant.objects.filter(
            person=OuterRef("pk"),
            role=Participant.Role.MENTEE,
            ended_on__isnull=True,
            mentorship__status__in=LOADING,
            mentorship__planned_end__gte=on,
        )
    )


def bank_mentors(municipality, on: datetime.date | None = None):
    """Consenting people with a mentor profile, with ``load`` (current mentees)."""
    people = consenting_people(municipality, on).filter(mentor_profile__isnull=False)
    return with_mentor_load(people.select_related("school", "mentor_profile", "partner_organization"))


def mentees_needing_a_mentor(municipality, on: datetime.date | None = None):
    """Consenting people with a mentee profile who are not in a pair or group now."""
    on = on or timezone.localdate()
    people = consenting_people(municipality, on).filter(mentee_profile__isnull=False).exclude(in_a_pair(on))
    return people.select_related("school", "mentee_profile").prefetch_related("category_marks", "deficits")


def in_bank(municipality, on: datetime.date | None = None):
    """Everyone the municipal card may show: a consenting mentor or mentee."""
    return consenting_people(municipality, on).filter(Q(mentor_profile__isnull=False) | Q(mentee_profile__isnull=False))


def sharing_contacts(people, on: datetime.date | None = None) -> set[int]:
    """Ids of ``people`` whose municipal consent in force covers their contacts."""
    return set(
        Consent.objects.active(on or timezone.localdate())
        .filter(person__in=people, kind=ConsentKind.MUNICIPAL_SHARING, document__context__contacts=True)
        .values_list("person_id", flat=True)
    )


# --- forms of mentoring: each school has its own catalog; the municipality matches them by name ---


@dataclass(frozen=True)
class FormEntry:
    name: str
    mentor_kinds: tuple


def forms_by_school(school_ids) -> dict[int, list[FormEntry]]:
    found: dict[int, list[FormEntry]] = {}
    for form in MentoringForm.objects.filter(school_id__in=set(school_ids), is_active=True):
        found.setdefault(form.school_id, []).append(FormEntry(form.name, tuple(form.mentor_kinds)))
    return found


def forms_for(person: Person, catalog: dict[int, list[FormEntry]]) -> list[str]:
    """The forms of the person's school in which a person of their kind may be a mentor."""
    return [entry.name for entry in catalog.get(person.school_id, []) if person.kind in entry.mentor_kinds]


def form_names(municipality) -> list[str]:
    names = MentoringForm.objects.filter(school__municipality=municipality, is_active=True).values_list(
        "name", flat=True
    )
    return sorted(set(names))


def may_mentor_in_form(municipality, name: str) -> Q:
    """A condition on people: their school has the form ``name`` and their kind may mentor in it."""
    condition = Q(pk__in=[])
    for form in MentoringForm.objects.filter(school__municipality=municipality, is_active=True, name=name):
        kinds = [kind for kind in form.mentor_kinds if kind in PersonKind.values]
        if kinds:
            condition |= Q(school_id=form.school_id, kind__in=kinds)
    return condition

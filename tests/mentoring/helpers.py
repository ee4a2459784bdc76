"""Ready-made participants for mentoring tests."""

import datetime

from mentoring.models import MentoringForm
from people.models import ConsentKind, MenteeProfile, MentorProfile, PersonKind
from tests.factories import ConsentFactory, PersonFactory

START = datetime.date(2026, 9, 1)
END = datetime.date(2027, 5, 31)


def teacher_form(school):
    return MentoringForm.objects.get(school=school, name="педагог – педагог")


def with_consents(person, *kinds):
    for kind in kinds:
        ConsentFactory(person=person, kind=kind, given_on=datetime.date(2026, 1, 1))
    return person


def mentor(school, *, max_mentees=2, consents=True, **fields):
    person = PersonFactory(school=school, teaching_started_on=datetime.date(2000, 9, 1), **fields)
    MentorProfile.objects.create(person=person, max_mentees=max_mentees)
    if consents:
        with_consents(person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_PARTICIPATION)
    return person


def mentee(school, *, consents=True, kind=PersonKind.STAFF, **fields):
    person = PersonFactory(school=school, teaching_started_on=datetime.date(2025, 9, 1), kind=kind, **fields)
    MenteeProfile.objects.create(person=person)
    if consents:
        with_consents(person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTEE_PARTICIPATION)
    return person

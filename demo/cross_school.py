"""Demo: pairs across schools (issue 18, item 3) — teachers of «СОШ № 2» proposed by the municipal
coordinator as mentors of young teachers of «Алеховщинская ООШ»: one waits for both schools'
agreement (demo-curator curates both and agrees in each), the other is agreed and its order
assigning the mentor waits for demo-director's signature in «СОШ № 2»."""

import datetime

from django.utils import timezone

from accounts.models import User
from mentoring import cross_school
from mentoring.models import CrossSchoolLink
from mentoring.terms import add_months
from people.models import Consent, ConsentKind, MenteeProfile, Person

CONSENT_START = datetime.date(2025, 8, 20)
PAIRS = [
    # (mentor, mentee, direction, agreed by both schools)
    (("sosh-2", "0023"), ("alekhovshchina", "1003"), "Формирующее оценивание в начальной школе", False),
    (("sosh-2", "0008"), ("alekhovshchina", "1005"), "Классное руководство; работа с родителями", True),
]


def _person(slug: str, number: str) -> Person:
    return Person.objects.get(school__slug=slug, employee_number=number)


def _consent(person: Person, kind: str) -> None:
    if not Consent.objects.filter(person=person, kind=kind, withdrawn_on__isnull=True).exists():
        Consent.objects.create(person=person, kind=kind, given_on=CONSENT_START)


def seed_cross_school() -> None:
    for mentor_key, mentee_key, direction, agreed in PAIRS:
        _pair(_person(*mentor_key), _person(*mentee_key), direction, agreed)


def _pair(mentor: Person, mentee: Person, direction: str, agreed: bool) -> None:
    MenteeProfile.objects.update_or_create(person=mentee, defaults={"requests": direction})
    _consent(mentee, ConsentKind.PERSONAL_DATA)
    _consent(mentee, ConsentKind.MENTEE_PARTICIPATION)
    for person in (mentor, mentee):
        _consent(person, ConsentKind.MUNICIPAL_SHARING)
    if CrossSchoolLink.objects.filter(
        mentorship__participants__person=mentee, mentor_school=mentor.school, refused_at__isnull=True
    ).exists():
        return
    start = timezone.localdate()
    link, _warnings = cross_school.propose(
        municipality=mentee.school.municipality,
        mentor=mentor,
        mentees=[mentee],
        form_name="педагог – педагог",
        start=start,
        end=add_months(start, 9) - datetime.timedelta(days=1),
        direction=direction,
        by=User.objects.get(username="demo-officer"),
    )
    if agreed:
        curator = User.objects.get(username="demo-curator")
        for school in (mentee.school, mentor.school):
            cross_school.agree(link=link, school=school, by=curator)

"""A mentor reads the professional part of a current mentee's card, never contacts or documents (001 §5.1.1)."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from mentoring.models import Mentorship, Status
from people.models import ConsentKind, Deficit, MenteeProfile, MentorProfile, Person
from tests.mentoring.helpers import mentee, mentor, with_consents
from tests.programs.helpers import account, running_mentorship

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(cast):
    """The cast's mentor mentors Ольга Новикова in a pair fixed by an order."""
    mentor_person = Person.objects.get(user=cast.mentor)
    MentorProfile.objects.create(person=mentor_person, max_mentees=3)
    with_consents(mentor_person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_PARTICIPATION)
    person = mentee(
        cast.school,
        last_name="Новикова",
        first_name="Ольга",
        patronymic="Павловна",
        sex="f",
        position="Учитель химии",
        subjects="химия, биология",
        birth_date=datetime.date(1999, 4, 17),
        phone="+7 921 555-44-33",
        email="novikova@example.org",
        identity_document="паспорт 4100 123456",
    )
    MenteeProfile.objects.filter(person=person).update(requests="Работа с родителями")
    Deficit.objects.create(person=person, description="Проектирование урока", diagnosed_on=datetime.date(2026, 9, 5))
    mentorship = running_mentorship(cast, mentor_person=mentor_person, mentee_person=person)
    return mentorship, person


def test_the_mentor_reads_the_professional_part_only(cast, client_as, pair):
    _mentorship, person = pair
    response = client_as(cast.mentor).get(reverse("people:person", kwargs={"pk": person.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (
        "Новикова Ольга Павловна",
        "Учитель химии",
        "химия, биология",
        "Проектирование урока",
        "Работа с родителями",
    ):
        assert shown in page, shown
    for hidden in ("555-44-33", "novikova@example.org", "17.04.1999", "1999", "4100 123456", 'data-testid="consents"'):
        assert hidden not in page, hidden


def test_every_reading_is_audited(cast, client_as, pair):
    _mentorship, person = pair
    client_as(cast.mentor).get(reverse("people:person", kwargs={"pk": person.pk}))
    event = AuditEvent.objects.get(action=AuditAction.VIEW, actor=cast.mentor)
    assert event.object_id == str(person.pk)


def test_a_mentor_of_another_pair_is_refused(cast, client_as, pair):
    _mentorship, person = pair
    other = mentor(cast.school, last_name="Чужой")
    account(other, "other-mentor", role="mentor")
    running_mentorship(cast, mentor_person=other, mentee_person=mentee(cast.school))
    response = client_as(other.user).get(reverse("people:person", kwargs={"pk": person.pk}))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(actor=other.user, action=AuditAction.VIEW).exists()


def test_the_card_closes_when_the_pair_ends(cast, client_as, pair):
    mentorship, person = pair
    Mentorship.objects.filter(pk=mentorship.pk).update(status=Status.COMPLETED)
    assert client_as(cast.mentor).get(reverse("people:person", kwargs={"pk": person.pk})).status_code == 403


def test_a_mentor_of_a_mere_draft_does_not_read_the_card(cast, client_as, pair):
    mentorship, person = pair
    Mentorship.objects.filter(pk=mentorship.pk).update(status=Status.DRAFT)
    assert client_as(cast.mentor).get(reverse("people:person", kwargs={"pk": person.pk})).status_code == 403


def test_the_curator_still_sees_the_full_card(cast, client_as, pair):
    _mentorship, person = pair
    page = client_as(cast.curator).get(reverse("people:person", kwargs={"pk": person.pk})).content.decode()
    assert "555-44-33" in page
    assert "novikova@example.org" in page

"""The curator's and secretary's bank pages; mentors and mentees see only their own card."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from people.models import ConsentKind, MenteeCategory, MenteeProfile, MentorProfile, MentorWillingness, Person
from tests.factories import ConsentFactory, PersonFactory

NEW_TEACHER = {
    "last_name": "Орлова",
    "first_name": "Дарья",
    "patronymic": "Константиновна",
    "sex": "f",
    "birth_date": "1998-06-06",
    "kind": "staff",
    "position": "Учитель русского языка",
    "employee_number": "0042",
    "teaching_started_on": "2025-09-01",
    "hired_on": "2025-08-25",
    "qualification_category": "none",
}


@pytest.mark.django_db
def test_curator_adds_a_teacher_and_the_change_is_audited(cast, client_as):
    response = client_as(cast.curator).post(reverse("people:person_create"), NEW_TEACHER)
    person = Person.objects.get(employee_number="0042")
    assert response.url == reverse("people:person", kwargs={"pk": person.pk})
    assert person.school == cast.school
    assert MenteeCategory.YOUNG_SPECIALIST in person.categories(datetime.date(2026, 9, 1))
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(person.pk))
    assert event.actor == cast.curator
    assert event.changes["last_name"] == "Орлова"


@pytest.mark.django_db
def test_a_taken_employee_number_and_a_pupil_without_class_are_explained(cast, client_as):
    PersonFactory(school=cast.school, employee_number="0042", last_name="Занятова")
    PersonFactory(school=cast.other_school, employee_number="0043")
    client = client_as(cast.curator)

    page = client.post(reverse("people:person_create"), NEW_TEACHER).content.decode()
    assert "Табельный номер 0042 уже принадлежит" in page

    pupil = {**NEW_TEACHER, "employee_number": "0043", "kind": "pupil", "school_class": ""}
    page = client.post(reverse("people:person_create"), pupil).content.decode()
    assert "Укажите класс обучающегося" in page
    assert not Person.objects.for_school(cast.school).filter(last_name="Орлова").exists()


@pytest.mark.django_db
def test_editing_records_only_what_changed(cast, client_as):
    person = PersonFactory(school=cast.school, position="Учитель математики", is_pedagogical=True)
    data = {
        **NEW_TEACHER,
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "birth_date": person.birth_date.isoformat(),
        "employee_number": person.employee_number,
        "teaching_started_on": person.teaching_started_on.isoformat(),
        "hired_on": person.hired_on.isoformat(),
        "position": "Учитель алгебры",
        "is_pedagogical": "on",  # as the browser sends the ticked checkbox it was shown
    }
    client_as(cast.secretary).post(reverse("people:person_update", kwargs={"pk": person.pk}), data)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(person.pk))
    assert event.changes == {"position": ["Учитель математики", "Учитель алгебры"]}


@pytest.mark.django_db
def test_leaving_archives_and_keeps_the_person(cast, client_as):
    person = PersonFactory(school=cast.school, last_name="Уходящая", hired_on=datetime.date(2015, 9, 1))
    client = client_as(cast.curator)
    client.post(reverse("people:person_archive", kwargs={"pk": person.pk}), {"on": "2026-06-30"}, follow=True)

    person.refresh_from_db()
    assert person.left_on == datetime.date(2026, 6, 30)
    assert "Уходящая" not in client.get(reverse("people:bank"), {"archived": "false"}).content.decode()
    assert "Уходящая" in client.get(reverse("people:bank"), {"archived": "true"}).content.decode()

    page = client.post(
        reverse("people:person_archive", kwargs={"pk": person.pk}), {"on": "2010-01-01"}, follow=True
    ).content.decode()
    assert "Дата увольнения не может быть раньше даты приёма" in page


@pytest.mark.django_db
def test_mentor_bank_filters(cast, client_as):
    ready = PersonFactory(school=cast.school, last_name="Готова", teaching_started_on=datetime.date(2000, 9, 1))
    MentorProfile.objects.create(person=ready, willingness=MentorWillingness.READY)
    ConsentFactory(person=ready, kind=ConsentKind.PERSONAL_DATA)
    ConsentFactory(person=ready, kind=ConsentKind.MENTOR_PARTICIPATION)
    novice = PersonFactory(school=cast.school, last_name="Начинающая", teaching_started_on=datetime.date(2022, 9, 1))
    MentorProfile.objects.create(person=novice, willingness=MentorWillingness.LATER)
    client = client_as(cast.curator)

    def names(**params):
        page = client.get(reverse("people:mentors"), params).content.decode()
        return {name for name in ("Готова", "Начинающая") if name in page}

    assert names() == {"Готова", "Начинающая"}
    assert names(consent="complete") == {"Готова"}
    assert names(consent="missing") == {"Начинающая"}
    assert names(min_experience=10) == {"Готова"}
    assert names(willingness="later") == {"Начинающая"}


@pytest.mark.django_db
def test_mentee_bank_filters_by_computed_and_chosen_category(cast, client_as):
    young = PersonFactory(school=cast.school, last_name="Молодая", teaching_started_on=timezone.localdate())
    MenteeProfile.objects.create(person=young)
    tired = PersonFactory(school=cast.school, last_name="Уставшая", teaching_started_on=datetime.date(1990, 9, 1))
    MenteeProfile.objects.create(person=tired)
    client = client_as(cast.curator)
    client.post(
        reverse("people:mentee_profile", kwargs={"pk": tired.pk}),
        {"categories": [MenteeCategory.BURNOUT], "requests": "Вернуть интерес к работе"},
    )

    young_page = client.get(reverse("people:mentees"), {"category": "young_specialist"}).content.decode()
    burnout_page = client.get(reverse("people:mentees"), {"category": "burnout"}).content.decode()
    assert "Молодая" in young_page
    assert "Уставшая" not in young_page
    assert "Уставшая" in burnout_page
    assert "Молодая" not in burnout_page


@pytest.mark.django_db
def test_council_member_reads_the_bank_but_cannot_edit(cast, client_as):
    person = PersonFactory(school=cast.school)
    client = client_as(cast.council_member)
    assert client.get(reverse("people:person", kwargs={"pk": person.pk})).status_code == 200
    assert client.get(reverse("people:person_update", kwargs={"pk": person.pk})).status_code == 403
    assert client.get(reverse("people:person_create")).status_code == 403


@pytest.mark.django_db
def test_a_mentee_sees_only_their_own_card(cast, client_as):
    own = Person.objects.get(user=cast.mentee)
    colleague = PersonFactory(school=cast.school)
    client = client_as(cast.mentee)
    assert client.get(reverse("people:person", kwargs={"pk": own.pk})).status_code == 200
    assert client.get(reverse("people:person", kwargs={"pk": colleague.pk})).status_code == 403
    assert client.get(reverse("people:mentees")).status_code == 403
    assert client.get(reverse("people:person_update", kwargs={"pk": own.pk})).status_code == 403


@pytest.mark.django_db
def test_mentor_bank_shows_and_filters_the_current_load(cast, client_as):
    from tests.mentoring.helpers import mentor
    from tests.mentoring.test_lifecycle import active

    full = mentor(cast.school, last_name="Полная", max_mentees=1)
    active(cast, mentors=[full])
    mentor(cast.school, last_name="Свободная", max_mentees=2)
    client = client_as(cast.curator)

    free_page = client.get(reverse("people:mentors"), {"load": "free"}).content.decode()
    full_page = client.get(reverse("people:mentors"), {"load": "full"}).content.decode()
    assert "Свободная" in free_page
    assert "Полная" not in free_page
    assert "Полная" in full_page
    assert "1 / 1" in full_page

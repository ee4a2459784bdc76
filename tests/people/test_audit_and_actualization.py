import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from people.models import BankConfirmation, MenteeProfile
from people.services import academic_year_of
from tests.factories import PersonFactory


@pytest.mark.django_db
def test_every_view_of_a_card_is_logged_and_the_director_reads_the_log(cast, client_as):
    person = PersonFactory(school=cast.school, last_name="Просматриваемая")
    client_as(cast.curator).get(reverse("people:person", kwargs={"pk": person.pk}))
    client_as(cast.secretary).get(reverse("people:person", kwargs={"pk": person.pk}))

    views = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(person.pk))
    assert {e.actor for e in views} == {cast.curator, cast.secretary}

    page = client_as(cast.director).get(reverse("audit:log"), {"action": "view"}).content.decode()
    assert "Просматриваемая" in page
    assert "Морозов Б.П." in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["curator", "secretary", "mentor", "council_member"])
def test_only_the_director_reads_the_audit_log(cast, client_as, role):
    assert client_as(getattr(cast, role)).get(reverse("audit:log")).status_code == 403


def test_academic_year_starts_on_1_september():
    assert academic_year_of(datetime.date(2026, 8, 31)) == 2025
    assert academic_year_of(datetime.date(2026, 9, 1)) == 2026


@pytest.mark.django_db
def test_actualization_lists_who_needs_a_mentor(cast, client_as):
    PersonFactory(school=cast.school, last_name="Молодая", teaching_started_on=timezone.localdate())
    in_bank = PersonFactory(school=cast.school, last_name="Вбанке", teaching_started_on=timezone.localdate())
    MenteeProfile.objects.create(person=in_bank)
    PersonFactory(school=cast.school, last_name="Опытная", teaching_started_on=datetime.date(1999, 9, 1))

    page = client_as(cast.curator).get(reverse("people:actualization")).content.decode()

    assert "Молодая" in page
    assert "Вбанке" in page
    assert "Опытная" not in page


@pytest.mark.django_db
def test_confirming_the_bank_records_who_and_when_once_a_year(cast, client_as):
    client = client_as(cast.secretary)
    client.post(reverse("people:bank_confirm"))
    confirmation = BankConfirmation.objects.get(school=cast.school)
    assert confirmation.confirmed_by == cast.secretary
    assert confirmation.academic_year == academic_year_of(timezone.localdate())

    page = client.post(reverse("people:bank_confirm"), follow=True).content.decode()
    assert "уже подтверждена" in page
    assert BankConfirmation.objects.count() == 1
    assert 'data-testid="bank-confirmed"' in page


@pytest.mark.django_db
def test_mentors_cannot_confirm_the_bank(cast, client_as):
    assert client_as(cast.mentor).post(reverse("people:bank_confirm")).status_code == 403
    assert not BankConfirmation.objects.exists()


@pytest.mark.django_db
def test_history_reads_as_words_not_field_codes(cast, client_as):
    from people import services
    from tests.factories import ConsentFactory

    person = PersonFactory(school=cast.school, position="Учитель математики")
    before = services.snapshot(person)
    person.position = "Учитель алгебры"
    services.person_save(person=person, actor=cast.curator, before=before)
    consent = ConsentFactory(person=person, kind="mentee")
    services.consent_withdraw(consent=consent, actor=cast.curator, on=datetime.date(2026, 2, 10))

    page = client_as(cast.director).get(reverse("people:person", kwargs={"pk": person.pk})).content.decode()

    assert "должность: Учитель математики → Учитель алгебры" in page
    assert "согласие: согласие: участие в качестве наставляемого" in page
    assert "согласие: дата отзыва: — → 10.02.2026" in page

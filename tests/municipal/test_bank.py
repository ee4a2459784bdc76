"""The municipal bank (issue 18 item 2): only the consenting, only what matching needs, every view
audited in the person's school, nothing of it for another municipality."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from documents import drafting
from documents.models import DocumentType
from municipal import bank
from people.models import ConsentKind, Deficit, MentorProfile, MentorWillingness, PersonKind, QualificationCategory
from tests.factories import ConsentFactory, PartnerOrganizationFactory, PersonFactory
from tests.mentoring.helpers import mentee, with_consents
from tests.mentoring.test_lifecycle import active

MENTORS = reverse("municipal:bank_mentors")
MENTEES = reverse("municipal:bank_mentees")


def shares(person, given_on=datetime.date(2026, 1, 1), **fields):
    ConsentFactory(person=person, kind=ConsentKind.MUNICIPAL_SHARING, given_on=given_on, **fields)
    return person


def mentor(school, *, max_mentees=2, **fields):
    fields.setdefault("teaching_started_on", datetime.date(2000, 9, 1))
    person = PersonFactory(school=school, **fields)
    MentorProfile.objects.create(person=person, max_mentees=max_mentees)
    return with_consents(person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_PARTICIPATION)


def card(person):
    return reverse("municipal:bank_person", args=[person.pk])


@pytest.fixture
def people(cast):
    """A consenting mentor in each school of the municipality, one who did not consent, one far away."""
    ivanova = shares(
        mentor(
            cast.school,
            last_name="Иванова",
            first_name="Мария",
            position="Учитель математики",
            subjects="математика, информатика",
            qualification_category=QualificationCategory.HIGHEST,
            teaching_started_on=datetime.date(2001, 9, 1),
            phone="+7 921 111-11-11",
            email="ivanova@example.ru",
            birth_date=datetime.date(1975, 3, 14),
        )
    )
    petrov = shares(
        mentor(
            cast.other_school,
            last_name="Петров",
            first_name="Олег",
            sex="m",
            position="Учитель истории",
            subjects="история",
            teaching_started_on=datetime.date(2018, 9, 1),
            max_mentees=1,
        )
    )
    silent = mentor(cast.school, last_name="Молчанова", first_name="Ирина", position="Учитель химии")
    far = shares(mentor(cast.far_school, last_name="Дальний", first_name="Пётр", sex="m"))
    return {"ivanova": ivanova, "petrov": petrov, "silent": silent, "far": far}


def names(response):
    return [row["person"].last_name for row in response.context["rows"]]


@pytest.mark.django_db
def test_the_coordinator_sees_the_consenting_mentors_of_the_municipality_and_only_matching_data(
    cast, client_as, people
):
    response = client_as(cast.officer).get(MENTORS)
    assert response.status_code == 200
    assert names(response) == ["Иванова", "Петров"]  # not the silent one, not the other municipality's
    html = response.content.decode()
    assert "2 наставника в муниципальной базе" in html
    row = html[html.index(f'data-person="{people["ivanova"].pk}"') :].split("</tr>")[0]
    for shown in (
        "Иванова",
        "Школа А",
        "Учитель математики",
        "математика, информатика",
        "высшая",
        "0 / 2",
        "педагог – педагог",
    ):
        assert shown in row, shown
    assert ">25<" in row  # full years since 01.09.2001 on 03.12.2026 or later
    for hidden in ("+7 921", "ivanova@example.ru", "14.03.1975", "1975"):
        assert hidden not in html
    assert "Молчанова" not in html
    assert "Дальний" not in html


@pytest.mark.django_db
def test_the_methodical_association_reads_it_and_a_school_curator_does_not(cast, client_as, people):
    assert client_as(cast.methodist).get(MENTORS).status_code == 200
    assert client_as(cast.curator).get(MENTORS).status_code == 403
    assert client_as(cast.director).get(MENTEES).status_code == 403


@pytest.mark.django_db
def test_the_other_municipality_sees_only_its_own_and_gets_404_on_our_cards(cast, client_as, people):
    client = client_as(cast.other_officer)
    assert names(client.get(MENTORS)) == ["Дальний"]
    assert client.get(card(people["ivanova"])).status_code == 404
    assert client.get(card(people["far"])).status_code == 200


@pytest.mark.django_db
def test_a_consent_counts_from_its_day_through_its_last_day_and_not_on_the_day_of_withdrawal(cast, client_as):
    today = timezone.localdate()
    withdrawn = shares(mentor(cast.school, last_name="Отозвавшая"), withdrawn_on=today)
    yesterday_withdrawn = shares(
        mentor(cast.school, last_name="Завтрашняя"), withdrawn_on=today + datetime.timedelta(days=1)
    )
    last_day = shares(mentor(cast.school, last_name="Последняя"), valid_until=today)
    expired = shares(mentor(cast.school, last_name="Истёкшая"), valid_until=today - datetime.timedelta(days=1))
    tomorrow = shares(mentor(cast.school, last_name="Будущая"), given_on=today + datetime.timedelta(days=1))
    given_today = shares(mentor(cast.school, last_name="Сегодняшняя"), given_on=today)
    client = client_as(cast.officer)
    assert sorted(names(client.get(MENTORS))) == sorted(["Завтрашняя", "Последняя", "Сегодняшняя"])
    for gone in (withdrawn, expired, tomorrow):
        assert client.get(card(gone)).status_code == 404
    for there in (yesterday_withdrawn, last_day, given_today):
        assert client.get(card(there)).status_code == 200


@pytest.mark.django_db
def test_a_person_who_left_the_school_is_gone(cast, client_as, people):
    people["petrov"].left_on = timezone.localdate()
    people["petrov"].save()
    assert names(client_as(cast.officer).get(MENTORS)) == ["Иванова"]


@pytest.mark.django_db
def test_filters_school_subject_experience_category_free_places_form_and_sorting(cast, client_as, people):
    client = client_as(cast.officer)
    assert names(client.get(MENTORS, {"school": cast.other_school.pk})) == ["Петров"]
    assert names(client.get(MENTORS, {"subject": "информат"})) == ["Иванова"]
    assert names(client.get(MENTORS, {"min_experience": 20})) == ["Иванова"]
    assert names(client.get(MENTORS, {"max_experience": 8})) == ["Петров"]
    assert names(client.get(MENTORS, {"qualification": QualificationCategory.HIGHEST})) == ["Иванова"]
    assert names(client.get(MENTORS, {"position": "истор"})) == ["Петров"]
    assert names(client.get(MENTORS, {"form": "педагог – педагог"})) == ["Иванова", "Петров"]
    assert names(client.get(MENTORS, {"form": "ученик – ученик"})) == []
    assert names(client.get(MENTORS, {"sort": "experience"})) == ["Иванова", "Петров"]
    assert names(client.get(MENTORS, {"sort": "school"})) == ["Иванова", "Петров"]
    MentorProfile.objects.filter(person=people["ivanova"]).update(willingness=MentorWillingness.LATER)
    assert names(client.get(MENTORS, {"willingness": MentorWillingness.READY})) == ["Петров"]


@pytest.mark.django_db
def test_free_places_count_the_current_mentees(cast, client_as, people):
    """Петров takes one mentee at most: with one in a running pair he has no free place."""
    pair_mentee = mentee(cast.school, last_name="Занятая")
    # A pair of school A with a mentor of school A: Иванова gets one of her two places taken.
    active(cast, mentors=[people["ivanova"]], mentees=[pair_mentee])
    client = client_as(cast.officer)
    response = client.get(MENTORS, {"free": "true"})
    assert names(response) == ["Иванова", "Петров"]
    assert "1 / 2" in response.content.decode()
    MentorProfile.objects.filter(person=people["ivanova"]).update(max_mentees=1)
    assert names(client.get(MENTORS, {"free": "true"})) == ["Петров"]
    assert names(client.get(MENTORS, {"free": "false"})) == ["Иванова"]
    assert names(client.get(MENTORS, {"sort": "free"})) == ["Петров", "Иванова"]


@pytest.mark.django_db
def test_mentees_who_need_a_mentor_with_their_open_deficits(cast, client_as):
    young = shares(mentee(cast.school, last_name="Молодая", position="Учитель биологии"))
    Deficit.objects.create(person=young, description="работа с родителями", diagnosed_on=datetime.date(2026, 9, 10))
    Deficit.objects.create(
        person=young,
        description="оценивание",
        diagnosed_on=datetime.date(2026, 9, 10),
        resolved_on=datetime.date(2026, 10, 1),
    )
    paired = shares(mentee(cast.school, last_name="Спаренная"))
    active(cast, mentees=[paired])
    other = shares(mentee(cast.other_school, last_name="Другая", position="Учитель музыки"))
    mentee(cast.school, last_name="Несогласная")
    client = client_as(cast.officer)
    response = client.get(MENTEES)
    assert names(response) == ["Другая", "Молодая"]
    html = response.content.decode()
    assert "2 наставляемых нуждаются в наставнике" in html
    assert "работа с родителями" in html
    assert "оценивание" not in html
    assert "молодой специалист" in html
    assert names(client.get(MENTEES, {"deficit": "родител"})) == ["Молодая"]
    assert names(client.get(MENTEES, {"deficit": "оценивание"})) == []
    assert names(client.get(MENTEES, {"school": cast.other_school.pk})) == ["Другая"]
    assert names(client.get(MENTEES, {"position": "музык"})) == ["Другая"]
    assert names(client.get(MENTEES, {"category": "young_specialist"})) == ["Другая", "Молодая"]
    assert client.get(card(paired)).status_code == 200  # still in the bank, shown as in a pair
    assert other


@pytest.mark.django_db
def test_every_page_and_card_view_is_audited_in_the_persons_school(cast, client_as, people):
    client = client_as(cast.officer)
    client.get(MENTORS)
    in_a = AuditEvent.objects.get(school=cast.school, actor=cast.officer, action=AuditAction.VIEW)
    assert "Иванова М." in in_a.changes["people"]
    assert in_a.changes["municipal_bank"] == "mentors"
    in_b = AuditEvent.objects.get(school=cast.other_school, actor=cast.officer, action=AuditAction.VIEW)
    assert "Петров О." in in_b.changes["people"]
    client.get(card(people["petrov"]))
    viewed = AuditEvent.objects.filter(school=cast.other_school, actor=cast.officer).order_by("-pk").first()
    assert viewed.object_type == "people.person"
    assert viewed.object_id == str(people["petrov"].pk)
    assert viewed.changes == {"municipal_bank": "card"}
    assert not AuditEvent.objects.filter(school=cast.far_school).exists()


@pytest.mark.django_db
def test_the_card_shows_matching_data_and_contacts_only_when_the_consent_covers_them(cast, client_as, people):
    client = client_as(cast.officer)
    html = client.get(card(people["ivanova"])).content.decode()
    assert "Учитель математики" in html
    assert "математика, информатика" in html
    assert "0 / 2" in html
    assert "не переданы: обратитесь к куратору школы" in html
    assert "+7 921" not in html
    assert "ivanova@example.ru" not in html
    assert "1975" not in html
    # Her new consent, drafted with «I agree to be contacted» ticked and signed, covers the contacts.
    document = drafting.draft_consent(
        person=people["ivanova"], type=DocumentType.CONSENT_MUNICIPAL, by=cast.curator, share_contacts=True
    )
    consent = ConsentFactory(
        person=people["ivanova"], kind=ConsentKind.MUNICIPAL_SHARING, given_on=timezone.localdate()
    )
    document.consent = consent
    document.save(update_fields=["consent"])
    html = client.get(card(people["ivanova"])).content.decode()
    assert "+7 921 111-11-11" in html
    assert "ivanova@example.ru" in html
    assert "1975" not in html


@pytest.mark.django_db
def test_a_partner_mentor_and_a_pupil_show_their_organization_and_class(cast, client_as):
    partner = PartnerOrganizationFactory(school=cast.school, name="ЛГУ им. Пушкина")
    shares(
        mentor(
            cast.school, last_name="Внешний", kind=PersonKind.EXTERNAL, partner_organization=partner, position="доцент"
        )
    )
    shares(mentor(cast.school, last_name="Ученик", kind=PersonKind.PUPIL, school_class="10А", position=""))
    html = client_as(cast.officer).get(MENTORS).content.decode()
    assert "доцент · ЛГУ им. Пушкина" in html
    assert "ученик 10А класса" in html


@pytest.mark.django_db
def test_the_bank_is_a_section_of_the_municipality_page(cast, client_as):
    html = client_as(cast.officer).get(reverse("municipality")).content.decode()
    assert MENTORS in html
    assert reverse("municipal:bases") in html
    html = client_as(cast.methodist).get(reverse("municipality")).content.decode()
    assert MENTORS in html
    assert reverse("municipal:bases") not in html


@pytest.mark.django_db
def test_consenting_people_helpers(cast, people):
    assert set(bank.in_bank(cast.municipality)) == {people["ivanova"], people["petrov"]}
    assert bank.sharing_contacts([people["ivanova"]]) == set()


@pytest.mark.django_db
def test_the_demo_coordinator_finds_mentors_and_mentees_of_both_schools(client):
    from django.core.management import call_command

    from accounts.models import User

    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: one municipal consent each
    client.force_login(User.objects.get(username="demo-officer"))
    response = client.get(MENTORS)
    schools = {str(row["person"].school) for row in response.context["rows"]}
    assert schools == {"МБОУ «СОШ № 2»", "МКОУ «Алеховщинская ООШ»"}
    assert len(response.context["rows"]) >= 6
    mentees_page = client.get(MENTEES)
    assert "Лебедев" in [row["person"].last_name for row in mentees_page.context["rows"]]
    from people.models import Consent, ConsentKind

    assert Consent.objects.filter(kind=ConsentKind.MUNICIPAL_SHARING, person__employee_number="1004").count() == 1
    signed = Consent.objects.get(kind=ConsentKind.MUNICIPAL_SHARING, person__employee_number="0027")
    assert bank.sharing_contacts([signed.person]) == {signed.person_id}  # her printed consent covers them

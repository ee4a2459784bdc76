"""The municipal bases by form (issue 18 item 6): four XLSX workbooks for the coordinator, personal
data only of those who consented, contacts only where the consent covers them, the rest counted."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEvent
from documents import drafting
from documents.models import DocumentType
from people.models import ConsentKind, PersonKind
from tests.factories import ConsentFactory, PartnerOrganizationFactory, PersonFactory
from tests.mentoring.helpers import mentee
from tests.mentoring.test_lifecycle import active
from tests.municipal.test_bank import mentor, shares


def base(client, kind):
    response = client.get(reverse("municipal:bases_export", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def with_contacts(person, cast):
    """A signed municipal consent with «I agree to be contacted» ticked."""
    document = drafting.draft_consent(
        person=person, type=DocumentType.CONSENT_MUNICIPAL, by=cast.curator, share_contacts=True
    )
    document.consent = ConsentFactory(
        person=person, kind=ConsentKind.MUNICIPAL_SHARING, given_on=datetime.date(2026, 2, 1)
    )
    document.save(update_fields=["consent"])
    return person


@pytest.mark.django_db
def test_mentors_among_teachers_consenting_only_contacts_where_covered_and_mentees_in_fixed_pairs(cast, client_as):
    ivanova = with_contacts(
        mentor(
            cast.school,
            last_name="Иванова",
            first_name="Мария",
            patronymic="Петровна",
            position="Учитель математики",
            phone="+7 921 111-11-11",
            email="iv@example.ru",
        ),
        cast,
    )
    shares(
        mentor(
            cast.other_school,
            last_name="Петров",
            first_name="Олег",
            patronymic="Ильич",
            sex="m",
            position="Учитель истории",
            phone="+7 000",
        )
    )
    mentor(cast.school, last_name="Молчанова", position="Учитель химии", phone="+7 999")  # did not consent
    mentor(cast.school, last_name="Ещёодна")  # nor she
    shares(mentor(cast.far_school, last_name="Дальний"))  # another municipality
    active(cast, mentors=[ivanova], mentees=[mentee(cast.school), mentee(cast.school)])
    rows = base(client_as(cast.officer), "teachers")
    assert rows[0][0].startswith("База наставников из числа педагогов: Лодейнопольский район, на ")
    assert rows[1] == [
        "Образовательная организация",
        "ФИО",
        "Должность",
        "Контакты",
        "Формы наставничества",
        "Наставляемых сейчас (в закреплённых парах и группах)",
    ]
    assert rows[2][:4] == ["Школа А", "Иванова Мария Петровна", "Учитель математики", "+7 921 111-11-11, iv@example.ru"]
    assert "педагог – педагог" in rows[2][4]
    assert rows[2][5] == 2
    assert rows[3][:4] == ["Школа Б", "Петров Олег Ильич", "Учитель истории", None]  # consent without contacts
    assert rows[3][5] == 0
    assert rows[4][0] == "ещё 2 чел. без согласия на передачу данных"
    text = str(rows)
    assert "Молчанова" not in text
    assert "+7 999" not in text
    assert "Дальний" not in text
    assert "+7 000" not in text
    assert len(rows) == 5


@pytest.mark.django_db
def test_partners_and_pupils_bases_carry_organization_and_class(cast, client_as):
    partner = PartnerOrganizationFactory(school=cast.school, name="ЛГУ им. Пушкина")
    shares(
        mentor(
            cast.school,
            last_name="Внешний",
            first_name="Ян",
            patronymic="",
            sex="m",
            kind=PersonKind.EXTERNAL,
            partner_organization=partner,
            position="доцент",
        )
    )
    shares(
        mentor(
            cast.school,
            last_name="Ученица",
            first_name="Ася",
            patronymic="",
            kind=PersonKind.PUPIL,
            school_class="10А",
            position="",
        )
    )
    shares(mentor(cast.school, last_name="Учитель"))
    client = client_as(cast.officer)
    partners = base(client, "partners")
    assert partners[1][2] == "Организация, должность"
    assert partners[2][:3] == ["Школа А", "Внешний Ян", "ЛГУ им. Пушкина, доцент"]
    assert len(partners) == 3
    pupils = base(client, "pupils")
    assert pupils[1][2] == "Класс"
    assert pupils[2][:3] == ["Школа А", "Ученица Ася", "10А"]
    assert "ученик – ученик" in pupils[2][4]
    assert len(pupils) == 3


@pytest.mark.django_db
def test_curators_base_lists_consenting_curators_and_counts_the_rest(cast, client_as):
    PersonFactory(
        school=cast.school,
        user=cast.curator,
        last_name="Морозов",
        first_name="Борис",
        patronymic="Петрович",
        sex="m",
        position="Заместитель директора по УВР",
    )
    shares(cast.curator.person)
    rows = base(client_as(cast.officer), "curators")
    assert rows[1] == ["Образовательная организация", "ФИО", "Должность", "Контакты"]
    assert rows[2] == ["Школа А", "Морозов Борис Петрович", "Заместитель директора по УВР", None]
    assert rows[3][0] == "ещё 1 чел. без согласия на передачу данных"  # school B's curator has no card, no consent


@pytest.mark.django_db
def test_the_export_is_audited_in_each_school_whose_people_it_carries(cast, client_as):
    shares(mentor(cast.school, last_name="Иванова", first_name="Мария", patronymic="Петровна"))
    base(client_as(cast.officer), "teachers")
    event = AuditEvent.objects.get(school=cast.school, action=AuditAction.EXPORT, actor=cast.officer)
    assert event.changes == {"municipal_base": "teachers", "people": "Иванова М.П."}
    assert not AuditEvent.objects.filter(school=cast.other_school, action=AuditAction.EXPORT).exists()


@pytest.mark.django_db
def test_only_the_coordinator_exports_and_an_unknown_base_is_404(cast, client_as):
    url = reverse("municipal:bases_export", args=["teachers"])
    assert client_as(cast.methodist).get(url).status_code == 403
    assert client_as(cast.curator).get(url).status_code == 403
    assert client_as(cast.methodist).get(reverse("municipal:bases")).status_code == 403
    client = client_as(cast.officer)
    assert client.get(reverse("municipal:bases_export", args=["everyone"])).status_code == 404
    page = client.get(reverse("municipal:bases")).content.decode()
    for kind in ("curators", "teachers", "partners", "pupils"):
        assert reverse("municipal:bases_export", args=[kind]) in page


@pytest.mark.django_db
def test_the_other_municipalitys_coordinator_gets_their_own_base(cast, client_as):
    shares(mentor(cast.school, last_name="Иванова"))
    shares(mentor(cast.far_school, last_name="Дальний", first_name="Пётр", patronymic="", sex="m"))
    rows = base(client_as(cast.other_officer), "teachers")
    assert rows[0][0].startswith("База наставников из числа педагогов: Тихвинский район")
    assert [row[1] for row in rows[2:]] == ["Дальний Пётр"]

"""The order on the mentor council's composition (seed 000 §2.2: «методическое объединение (совет
наставников)»), read back from its PDF: the chair and the members with their positions, agreeing
with the chair's sex and with the number of members."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from documents import drafting
from documents.models import Document, DocumentType
from tests.documents.test_document_language import school as school
from tests.documents.test_document_language import text_of
from tests.mentoring.helpers import mentor
from tests.programs.helpers import account

pytestmark = pytest.mark.django_db


def council_member(school, username, **fields):
    person = mentor(school, **fields)
    account(person, username, role=Role.COUNCIL_MEMBER)
    return person


def chair_woman(school):
    return mentor(
        school,
        last_name="Григорьева",
        first_name="Наталья",
        patronymic="Фёдоровна",
        sex="f",
        position="Учитель математики",
    )


def test_a_female_chair_and_one_male_member(cast, school):
    council_member(
        school,
        "smirnov",
        last_name="Смирнов",
        first_name="Андрей",
        patronymic="Викторович",
        sex="m",
        position="Учитель физики",
    )
    order = drafting.draft_council_order(
        school=school, chair=chair_woman(school), by=cast.curator, academic_year="2026/2027"
    )
    text = text_of(order)
    assert "О составе методического объединения (совета наставников)" in text
    assert "Утвердить состав методического объединения (совета наставников) на 2026/2027 учебный год:" in text
    assert "председатель — Григорьева Наталья Фёдоровна, учитель математики;" in text
    assert "член совета — Смирнов Андрей Викторович, учитель физики." in text
    assert (
        "Председателю методического объединения (совета наставников) Григорьевой Наталье Фёдоровне "
        "организовать работу совета по осуществлению консультационных" in text
    )
    assert "Председатель совета подотчётна директору." in text
    assert "Члену совета А. В. Смирнову участвовать в работе методического объединения (совета наставников)" in text
    assert "С приказом ознакомлены:" in text


def test_a_male_chair_and_several_members(cast, school):
    chair = council_member(
        school,
        "smirnov",
        last_name="Смирнов",
        first_name="Андрей",
        patronymic="Викторович",
        sex="m",
        position="Учитель физики",
    )
    council_member(
        school,
        "orlova",
        last_name="Орлова",
        first_name="Мария",
        patronymic="Ивановна",
        sex="f",
        position="Учитель истории",
    )
    council_member(
        school,
        "belov",
        last_name="Белов",
        first_name="Олег",
        patronymic="Петрович",
        sex="m",
        position="Учитель биологии",
    )
    text = text_of(drafting.draft_council_order(school=school, chair=chair, by=cast.curator, academic_year="2026/2027"))
    assert "председатель — Смирнов Андрей Викторович, учитель физики;" in text
    assert "члены совета: Белов Олег Петрович, учитель биологии; Орлова Мария Ивановна, учитель истории." in text
    # The chair, a council member too, is not listed twice.
    assert text.count("Смирнов Андрей Викторович") == 1
    assert "Председатель совета подотчётен директору." in text
    assert "Членам совета О. П. Белову и М. И. Орловой участвовать" in text


def test_a_council_without_members_is_refused(cast, school):
    with pytest.raises(ValidationError):
        drafting.draft_council_order(
            school=school, chair=chair_woman(school), by=cast.curator, academic_year="2026/2027"
        )
    assert not Document.objects.exists()


def test_the_curator_drafts_it_through_the_form(cast, school, client_as):
    council_member(school, "smirnov", last_name="Смирнов", first_name="Андрей", patronymic="Викторович", sex="m")
    chair = chair_woman(school)
    url = reverse("documents:new", kwargs={"kind": DocumentType.ORDER_COUNCIL})
    assert client_as(cast.council_member).get(url).status_code == 403
    client = client_as(cast.curator)
    assert client.get(url).status_code == 200
    client.post(url, {"chair": chair.pk, "academic_year": "2026/2027"})
    document = Document.objects.get(type=DocumentType.ORDER_COUNCIL)
    assert document.context["chair"]["full"] == "Григорьева Наталья Фёдоровна"
    assert [m["full"] for m in document.context["members"]] == ["Смирнов Андрей Викторович"]

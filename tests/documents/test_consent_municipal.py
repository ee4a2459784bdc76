"""The consent to share data with the municipality (seed 004 §III.6, 152-ФЗ art. 9): its own
document, read back from the PDF for a woman and a man; signing it puts the person in the
municipal bank, and it carries the contacts only when the person ticked that they may be contacted."""

import shutil

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from documents import drafting, signing
from documents.models import Document, DocumentStatus, DocumentType
from municipal import bank
from people.models import ConsentKind
from tests.documents.test_document_language import ivanov, school, text_of, vasilyeva, words_of  # noqa: F401
from tests.programs.helpers import account

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None and __import__("os").environ.get("CI") != "true",
    reason="poppler-utils (pdftotext) is not installed",
)


@pytest.mark.django_db
def test_the_municipal_consent_names_operator_third_party_purpose_data_term_and_withdrawal(cast, school):  # noqa: F811
    text = text_of(
        drafting.draft_consent(person=vasilyeva(school), type=DocumentType.CONSENT_MUNICIPAL, by=cast.curator)
    )
    assert "на передачу персональных данных в муниципальную базу наставников и наставляемых" in text
    assert "Я, Васильева Анастасия Игоревна, зарегистрированная по адресу" in text
    assert "статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ" in text
    assert "оператору — Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 2»" in text
    assert "органу местного самоуправления муниципального образования «Лодейнопольский район»" in text
    assert "«Лодейнопольский район», осуществляющему управление в сфере образования" in text
    assert "формирование наставнических пар и групп на муниципальном уровне" in text
    assert "квалификационная категория" in text
    assert "стаж педагогической работы" in text
    assert "Дата рождения, адрес, сведения о документе, удостоверяющем личность" in text
    # No contacts unless ticked: said in so many words.
    assert "Контактный телефон и адрес электронной почты не передаются" in text
    assert f"по {drafting.consent_term_end(timezone.localdate()):%d.%m.%Y} включительно" in text
    assert "согласие может быть отозвано мною в любое время" in text
    assert "перестают быть доступны в муниципальной базе" in text


@pytest.mark.django_db
def test_a_man_who_agrees_to_be_contacted_reads_it_in_the_masculine(cast, school):  # noqa: F811
    document = drafting.draft_consent(
        person=ivanov(school), type=DocumentType.CONSENT_MUNICIPAL, by=cast.curator, share_contacts=True
    )
    text = text_of(document)
    assert "Я, Иванов Пётр Сергеевич, зарегистрированный по адресу" in text
    assert "Я согласен, чтобы муниципальный орган управления образованием связывался со мной" in text
    assert "контактный телефон и адрес электронной почты — для связи" in text
    assert "не передаются: связь со мной" not in text
    assert document.context["contacts"] is True


@pytest.mark.django_db
def test_signed_in_the_portal_it_puts_the_person_in_the_municipal_bank_with_contacts(cast, school):  # noqa: F811
    person = vasilyeva(school)
    person.phone, person.email = "+7 921 000-00-01", "vasilyeva@example.ru"
    person.save()
    user = account(person, "vasilyeva")
    document = drafting.draft_consent(
        person=person, type=DocumentType.CONSENT_MUNICIPAL, by=cast.curator, share_contacts=True
    )
    assert bank.in_bank(cast.municipality).filter(pk=person.pk).exists() is False
    signing.send_for_signature(document=document, by=cast.curator)
    assert list(signing.awaiting_party(user)) == [document]
    signing.sign_as_party(document=document, by=user, password="secret-pass-1")
    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED
    assert document.consent.kind == ConsentKind.MUNICIPAL_SHARING
    assert document.consent.valid_until == drafting.consent_term_end(timezone.localdate())
    assert "Подписано простой электронной подписью: А. И. Васильева" in words_of(document.pdf.read())
    assert bank.in_bank(cast.municipality).filter(pk=person.pk).exists()
    assert bank.sharing_contacts([person]) == {person.pk}


@pytest.mark.django_db
def test_without_the_tick_the_signed_consent_shares_no_contacts(cast, school):  # noqa: F811
    person = vasilyeva(school)
    user = account(person, "vasilyeva")
    document = drafting.draft_consent(person=person, type=DocumentType.CONSENT_MUNICIPAL, by=cast.curator)
    signing.send_for_signature(document=document, by=cast.curator)
    signing.sign_as_party(document=document, by=user, password="secret-pass-1")
    assert bank.in_bank(cast.municipality).filter(pk=person.pk).exists()
    assert bank.sharing_contacts([person]) == set()


@pytest.mark.django_db
def test_a_school_outside_any_municipality_cannot_draft_it(cast, school):  # noqa: F811
    school.municipality = None
    school.save()
    with pytest.raises(ValidationError, match="не относится ни к одному муниципалитету"):
        drafting.draft_consent(person=vasilyeva(school), type=DocumentType.CONSENT_MUNICIPAL, by=cast.curator)


@pytest.mark.django_db
def test_the_secretary_drafts_it_from_the_consent_form_with_the_contacts_tick(cast, client_as, school):  # noqa: F811
    person = vasilyeva(school)
    client = client_as(cast.secretary)
    response = client.post(
        reverse("documents:new", args=["consent"]),
        {"person": person.pk, "kind": DocumentType.CONSENT_MUNICIPAL, "role": "mentee", "share_contacts": "on"},
    )
    assert response.status_code == 302
    document = Document.objects.get(person=person, type=DocumentType.CONSENT_MUNICIPAL)
    assert document.context["contacts"] is True
    assert document.context["municipality"] == "Лодейнопольский район"

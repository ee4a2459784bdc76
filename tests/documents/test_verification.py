"""The public page of a signed document (/v/<code>/): what it says, what it hides, and the file check."""

import datetime
import hashlib
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents import drafting, paper, signing, verification
from documents.models import Document, DocumentSettings, DocumentStatus, DocumentType, SigningMode
from people.models import Consent, Person
from tests.documents.scans import pdf_scan
from tests.documents.test_registry import pairs_order, signed
from tests.factories import PersonFactory
from tests.mentoring.test_lifecycle import active

NBSP = "\u00a0"
SIGNED_AT = datetime.datetime(2026, 11, 20, 9, 5, tzinfo=datetime.UTC)  # 12:05 in Moscow


@pytest.fixture
def school(cast):
    cast.school.full_name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 2»"
    cast.school.director_name = "Соколова Ирина Владимировна"
    cast.school.director_position = "Директор"
    cast.school.save()
    return cast.school


def page(client, document, **post) -> str:
    url = reverse("verify", kwargs={"code": document.verification_code})
    response = client.post(url, post) if post else client.get(url)
    assert response.status_code == 200
    return text_of(response.content.decode())


def text_of(html: str) -> str:
    """The page's text with tags dropped and spaces (also no-break ones) collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def confirmed_by_subject(document: Document, user) -> Document:
    """A consent its subject confirmed in the portal with a simple electronic signature."""
    signing.send_for_signature(document=document, by=document.created_by)
    signing.sign_as_party(document=document, by=user, password="secret-pass-1")
    return Document.objects.get(pk=document.pk)


def registered_on_paper(document: Document, by) -> Document:
    signing.send_for_signature(document=document, by=document.created_by)
    paper.register_original(document=document, by=by, upload=pdf_scan())
    return Document.objects.get(pk=document.pk)


def moscow(moment: datetime.datetime, fmt: str = "%d.%m.%Y %H:%M") -> str:
    return timezone.localtime(moment, ZoneInfo("Europe/Moscow")).strftime(fmt)


def award_order(cast):
    people = [PersonFactory(school=cast.school, last_name="Награждаемая")]
    return drafting.draft_award_order(school=cast.school, people=people, award="Почётная грамота", by=cast.curator)


# --- what the page shows ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_order_shows_its_details_the_director_and_that_it_is_in_force(cast, school, client):
    document = signed(cast, pairs_order(cast))
    text = page(client, document)
    assert f"Номер {document.number}" in text
    assert f"Дата {document.date:%d.%m.%Y}" in text
    assert f"Заголовок {document.title}" in text
    assert "Организация Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 2»" in text
    serial = document.pades.certificate.serial_hex  # issue 20: the director's certificate, embedded in the file
    assert (
        "Подписи Директор И. В. Соколова — подписано усиленной неквалифицированной электронной подписью "
        f"(сертификат {serial}) {moscow(document.signed_at)}" in text
    )
    assert "Статус Действует" in text
    assert document.sha256 in text
    assert "Соколова Ирина" not in text
    for person in (p for m in document.mentorships.all() for p in m.mentors + m.mentees):
        assert person.last_name not in text


@pytest.mark.django_db
def test_a_paper_original_says_it_was_signed_by_hand(cast, school, client):
    document = pairs_order(cast)
    signing.send_for_signature(document=document, by=cast.curator)
    DocumentSettings.objects.create(school=cast.school, signing_mode=SigningMode.PAPER)
    paper.register_original(document=document, by=cast.curator, upload=pdf_scan())
    document.refresh_from_db()
    text = page(client, document)
    assert (
        "Директор И. В. Соколова — подписано собственноручно, скан оригинала зарегистрирован "
        f"{moscow(document.signed_at, '%d.%m.%Y')}" in text
    )
    assert "Морозов" not in text  # who registered the scan did not sign it


@pytest.mark.django_db
def test_a_consent_names_neither_the_director_nor_its_subject(cast, school, client):
    subject = Person.objects.get(user=cast.mentee)  # Васильева Елена
    document = drafting.draft_consent(person=subject, type=DocumentType.CONSENT_PERSONAL_DATA, by=cast.curator)
    document = confirmed_by_subject(document, cast.mentee)
    text = page(client, document)
    assert (
        "Подписи Подписано субъектом персональных данных простой электронной подписью "
        f"{moscow(document.party_signed_at)}" in text
    )
    assert "Заголовок Согласие на обработку персональных данных Подписи" in text
    for hidden in ("Васильева", "Васильевой", "Соколова", "Директор", "Морозов"):
        assert hidden not in text, hidden

    on_paper = drafting.draft_consent(person=subject, type=DocumentType.CONSENT_PARTICIPATION, by=cast.curator)
    on_paper = registered_on_paper(on_paper, cast.curator)
    text = page(client, on_paper)
    assert f"Подписано собственноручно, скан оригинала зарегистрирован {moscow(on_paper.signed_at, '%d.%m.%Y')}" in text
    for hidden in ("Васильева", "Соколова", "Директор", "Морозов"):
        assert hidden not in text, hidden


@pytest.mark.django_db
def test_an_agreement_names_the_director_for_the_employer_and_not_the_employee(cast, school, client):
    document = drafting.draft_contract_supplement(
        mentorship=active(cast),
        by=cast.director,
        monthly_pay="3000",
        contract_number="15",
        contract_date=datetime.date(2015, 9, 1),
    )
    employee = document.person
    signing.send_for_signature(document=document, by=cast.curator)
    Document.objects.filter(pk=document.pk).update(party_signed_by=cast.mentor, party_signed_at=SIGNED_AT)
    signing.sign(document=document, by=cast.director, password="secret-pass-1")
    document.refresh_from_db()
    text = page(client, document)
    assert (
        "Работодатель: Директор И. В. Соколова — подписано усиленной неквалифицированной электронной подписью" in text
    )
    assert "Работник: подписано простой электронной подписью 20.11.2026 12:05" in text
    assert "Заголовок Дополнительное соглашение к трудовому договору Подписи" in text
    assert employee.last_name not in text


@pytest.mark.django_db
def test_a_replaced_document_says_so_and_links_to_its_correction(cast, school, client):
    original = signed(cast, award_order(cast))
    correction = signed(cast, drafting.correction_of(document=original, by=cast.curator))
    url = reverse("verify", kwargs={"code": original.verification_code})
    html = client.get(url).content.decode()
    text = text_of(html)
    assert f"Статус Утратил силу, заменён документом № {correction.number} от {correction.date:%d.%m.%Y}" in text
    assert f'href="{reverse("verify", kwargs={"code": correction.verification_code})}"' in html

    text = page(client, correction)
    assert "Статус Действует" in text
    assert f"Исправляет документ № {original.number} от {original.date:%d.%m.%Y}" in text


@pytest.mark.django_db
def test_a_withdrawn_consent_is_no_longer_in_force(cast, school, client):
    subject = Person.objects.get(user=cast.mentee)
    document = drafting.draft_consent(person=subject, type=DocumentType.CONSENT_PERSONAL_DATA, by=cast.curator)
    document = confirmed_by_subject(document, cast.mentee)
    assert "Статус Действует" in page(client, document)
    Consent.objects.filter(pk=document.consent_id).update(withdrawn_on=timezone.localdate())
    assert f"Статус Утратил силу: согласие отозвано {timezone.localdate():%d.%m.%Y}" in page(client, document)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [DocumentStatus.DRAFT, DocumentStatus.AWAITING_SIGNATURE, None])
def test_an_unknown_code_or_an_unsigned_document_is_plainly_not_found(cast, school, client, status):
    document = pairs_order(cast)
    if status is not None:
        Document.objects.filter(pk=document.pk).update(status=status)
    code = document.verification_code if status is not None else "no-such-code"
    response = client.get(reverse("verify", kwargs={"code": code}))
    assert response.status_code == 404
    text = text_of(response.content.decode())
    assert "Документ не найден" in text
    assert document.number not in text
    assert document.title not in text


# --- the visitor's file -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_identical_file_matches_and_one_changed_byte_does_not(cast, school, client):
    document = signed(cast, pairs_order(cast))
    with document.pdf.open("rb") as handle:
        data = handle.read()
    text = page(client, document, file=SimpleUploadedFile("mine.pdf", data, "application/pdf"))
    assert "Файл совпадает с подписанным документом байт в байт." in text

    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    text = page(client, document, file=SimpleUploadedFile("mine.pdf", bytes(changed), "application/pdf"))
    other = hashlib.sha256(bytes(changed)).hexdigest()
    assert (
        f"Файл отличается от подписанного документа: его SHA-256 — {other}, а не тот, что записан при подписании."
        in text
    )
    assert "байт в байт" not in text

    assert "Выберите PDF-файл для сравнения." in page(client, document, nothing="")


@pytest.mark.django_db
def test_the_upload_form_is_a_public_multipart_form_with_a_token(cast, school, client):
    document = signed(cast, pairs_order(cast))
    html = client.get(reverse("verify", kwargs={"code": document.verification_code})).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Загрузите PDF, который у вас на руках" in html


@pytest.mark.django_db
def test_a_file_over_20_mb_is_refused_and_is_read_in_chunks(cast, school):
    document = signed(cast, pairs_order(cast))
    too_big = SimpleUploadedFile("big.pdf", b"\0" * (verification.MAX_UPLOAD_BYTES + 1))
    with pytest.raises(ValidationError, match=r"Файл слишком большой: не более 20 МБ\."):
        verification.compare_upload(document, too_big)

    class Stream:
        """An upload that does not know its size: the limit holds while reading."""

        size = None
        read = 0

        def chunks(self, chunk_size):
            assert chunk_size == verification.CHUNK_BYTES
            while True:
                self.read += chunk_size
                yield b"\0" * chunk_size

    stream = Stream()
    with pytest.raises(ValidationError):
        verification.compare_upload(document, stream)
    assert stream.read <= verification.MAX_UPLOAD_BYTES + verification.CHUNK_BYTES


# --- the plain functions ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_record_in_whole_sentences(cast, school):
    document = signed(cast, award_order(cast))
    assert verification.public_status(document).text == "Действует"
    assert verification.public_status(document).in_force
    [signature] = verification.signatures(document)
    assert signature.text == (
        f"Директор И.{NBSP}В.{NBSP}Соколова — подписано усиленной неквалифицированной электронной подписью "
        f"(сертификат {document.pades.certificate.serial_hex}) {moscow(document.signed_at)}"
    )
    assert verification.public_title(document) == document.title

    correction = signed(cast, drafting.correction_of(document=document, by=cast.curator))
    status = verification.public_status(Document.objects.get(pk=document.pk))
    assert not status.in_force
    assert status.replaced_by == correction
    assert status.text == f"Утратил силу, заменён документом № {correction.number} от {correction.date:%d.%m.%Y}"
    assert f'<a href="/v/{correction.verification_code}/">№ {correction.number}' in status.html


@pytest.mark.django_db
def test_the_signer_falls_back_to_the_signing_account_when_nothing_was_frozen(cast, client):
    """A document registered without the school's details (older ones) names the director who signed."""
    document = Document.objects.create(
        school=cast.school,
        type=DocumentType.ORDER_REGULATION,
        title="Об утверждении положения",
        number="2",
        year=2026,
        sequence=2,
        date=datetime.date(2026, 8, 28),
        status=DocumentStatus.SIGNED,
        signed_by=cast.director,
        signed_at=SIGNED_AT,
    )
    [signature] = verification.signatures(document)
    assert signature.text == f"А.{NBSP}И.{NBSP}Соколова — подписано простой электронной подписью 20.11.2026 12:05"
    assert "Документ подлинный" not in page(client, document)  # no file was stored: not genuine

"""Issue 20: a visitor checks the PDF they hold — on /v/<code>/, on «Проверить файл» (/v/check/) and
with «manage.py verify_pdf» — and learns whether its embedded signature is valid, who signed with
which certificate, whether it is the registered file and whether the document is in force."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from documents import drafting, verification
from documents.models import Document, DocumentType
from people.models import Person
from signatures import issuing
from signatures.models import DocumentSignature
from tests.documents.scans import pdf_bytes
from tests.documents.test_registry import signed
from tests.documents.test_verification import award_order, confirmed_by_subject, text_of
from tests.signatures.helpers import signed_bytes, signed_order


def upload(data: bytes, name="order.pdf"):
    return SimpleUploadedFile(name, data, "application/pdf")


def check_page(client, data: bytes) -> str:
    response = client.post(reverse("verify_file"), {"file": upload(data)})
    assert response.status_code == 200
    return text_of(response.content.decode())


def tampered(data: bytes) -> bytes:
    changed = bytearray(data)
    position = changed.index(b"stream", 2000) + 40
    changed[position] ^= 0x01
    return bytes(changed)


def appended(data: bytes) -> bytes:
    """An incremental update that adds text to the first page after signing."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    ref = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (FORGED) Tj ET"))
    contents = page["/Contents"]
    page["/Contents"] = generic.ArrayObject([*(contents if isinstance(contents, list) else [contents]), ref])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_check_page_confirms_the_signed_file_and_names_the_signer_and_certificate(cast, client):
    document = signed_order(cast)
    certificate = DocumentSignature.objects.get(document=document).certificate
    text = check_page(client, signed_bytes(document))
    assert "Файл подлинный" in text
    assert "Электронная подпись в файле Действительна, файл не изменён после подписания" in text
    assert f"Кто подписал {cast.director.get_full_name()}" in text
    assert f"Сертификат {certificate.serial_hex}" in text
    assert f"Владелец сертификата {cast.director.get_full_name()}" in text
    start, end = certificate.not_before.strftime("%d.%m.%Y"), certificate.not_after.strftime("%d.%m.%Y")
    assert f"Срок действия сертификата с {start} по {end}" in text
    assert "Кем выдан корневой сертификат этого портала" in text
    assert f"Зарегистрированный файл Да: № {document.number} от {document.date:%d.%m.%Y}" in text
    assert "Статус документа Действует" in text
    assert (
        f'href="/v/{document.verification_code}/"'
        in client.post(reverse("verify_file"), {"file": upload(signed_bytes(document))}).content.decode()
    )


@pytest.mark.django_db
def test_a_changed_byte_or_an_appended_change_is_not_genuine(cast, client):
    data = signed_bytes(signed_order(cast))
    text = check_page(client, tampered(data))
    assert "Файл не подтверждён" in text
    assert "Недействительна: файл изменён после подписания" in text
    assert "Зарегистрированный файл Нет" in text
    text = check_page(client, appended(data))
    assert "Недействительна: в файл после подписания добавлено содержимое" in text
    assert "Файл не подтверждён" in text


@pytest.mark.django_db
def test_a_file_without_a_signature_or_not_a_pdf_is_reported_in_words(cast, client):
    assert "В файле нет электронной подписи" in check_page(client, pdf_bytes())
    assert "Файл не удалось прочитать как PDF" in check_page(client, b"hello, not a pdf")


@pytest.mark.django_db
def test_the_document_page_checks_the_uploaded_file_against_itself(cast, client):
    document = signed_order(cast)
    other = signed_order(cast)
    url = reverse("verify", kwargs={"code": document.verification_code})
    text = text_of(client.post(url, {"file": upload(signed_bytes(document))}).content.decode())
    assert "Файл совпадает с подписанным документом байт в байт" in text
    assert "Файл подлинный" in text
    text = text_of(client.post(url, {"file": upload(signed_bytes(other))}).content.decode())
    assert "Файл не является документом этой страницы" in text
    assert "Файл не подтверждён" in text


@pytest.mark.django_db
def test_a_superseded_document_is_reported_no_longer_in_force(cast, client):
    document = signed(cast, award_order(cast))
    data = signed_bytes(document)
    signed(cast, drafting.correction_of(document=document, by=cast.curator))
    report = verification.check_file(data)
    assert report.embedded.ok  # the signature itself is still valid…
    [status] = [row for row in report.rows if row.label == "Статус документа"]
    assert status.good is False
    assert status.text.startswith("Утратил силу")


@pytest.mark.django_db
def test_signed_before_the_certificate_was_revoked_stays_valid_and_says_so(cast, client):
    document = signed_order(cast)
    certificate = DocumentSignature.objects.get(document=document).certificate
    issuing.revoke(certificate, reason="Ключ скомпрометирован")
    text = check_page(client, signed_bytes(document))
    assert "Подписан до отзыва сертификата" in text
    assert "Файл подлинный" in text
    page = text_of(client.get(reverse("verify", kwargs={"code": document.verification_code})).content.decode())
    assert "усиленной неквалифицированной электронной подписью" in page


@pytest.mark.django_db
def test_a_consent_keeps_the_subjects_simple_signature_without_a_certificate(cast, client):
    subject = Person.objects.get(user=cast.mentee)
    document = drafting.draft_consent(person=subject, type=DocumentType.CONSENT_PERSONAL_DATA, by=cast.curator)
    document = confirmed_by_subject(document, cast.mentee)
    assert not DocumentSignature.objects.filter(document=document).exists()
    data = signed_bytes(document)
    assert b"/ByteRange" not in data
    report = verification.check_file(data)
    assert not report.embedded.found
    assert report.registered == document
    assert report.ok
    assert "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ" not in " ".join(
        __import__("documents.rendering", fromlist=["pdf_text"]).pdf_text(data).split()
    )


@pytest.mark.django_db
def test_verify_pdf_command_exits_non_zero_for_a_file_that_is_not_genuine(cast, tmp_path):
    document = signed_order(cast)
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(signed_bytes(document))
    bad.write_bytes(tampered(signed_bytes(document)))
    out = io.StringIO()
    call_command("verify_pdf", str(good), stdout=out)
    assert "Файл подлинный" in out.getvalue()
    assert document.sha256 in out.getvalue()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_pdf", str(bad), stdout=io.StringIO())
    assert exit_info.value.code == 1


@pytest.mark.django_db
def test_the_public_check_is_limited_in_size_and_per_address(cast, client, settings):
    page = client.get(reverse("verify_file"))
    assert page.status_code == 200
    assert b"csrfmiddlewaretoken" in page.content
    big = b"%PDF-1.4\n" + b"0" * (verification.MAX_UPLOAD_BYTES + 1)
    assert "Файл слишком большой" in check_page(client, big)
    settings.VERIFY_FILE_CHECKS_PER_ADDRESS = 2
    data = pdf_bytes()
    check_page(client, data)
    check_page(client, data)
    text = check_page(client, data)
    assert "Слишком много файлов проверено с вашего адреса" in text
    assert Document.objects.count() == 0  # nothing was ever stored


@pytest.mark.django_db
def test_the_check_page_url_is_not_taken_for_a_code(client):
    assert reverse("verify_file") == "/v/check/"
    assert client.get("/v/check/").status_code == 200

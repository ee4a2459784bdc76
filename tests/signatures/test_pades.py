"""Issue 20: the director's signature is embedded in the file (PAdES) and any change breaks it."""

import asyncio
import hashlib
import io
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from documents.printing import document_pdf
from documents.rendering import pdf_text
from signatures import pades
from signatures.models import Certificate, CertificateKind, DocumentSignature
from tests.documents.test_registry import pairs_order, signed
from tests.signatures.helpers import signed_bytes, signed_order


def _root():
    return pades._asn1(
        __import__("signatures.issuing", fromlist=["load"]).load(
            Certificate.objects.get(kind=CertificateKind.ROOT).certificate_pem
        )
    )


@pytest.mark.django_db
def test_the_signed_file_carries_a_valid_pades_signature_of_the_director(cast):
    document = signed_order(cast)
    data = signed_bytes(document)
    assert hashlib.sha256(data).hexdigest() == document.sha256  # the registered hash is of the signed file
    reader = PdfFileReader(io.BytesIO(data))
    [signature] = reader.embedded_signatures
    context = ValidationContext(trust_roots=[_root()], allow_fetching=False)
    status = pades.in_own_loop(lambda: async_validate_pdf_signature(signature, context))
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == cast.director.get_full_name()
    assert status.signing_cert.subject.native["organization_name"] == cast.school.full_name[:64]
    assert str(signature.sig_object["/Reason"]) == f"Подписание приказа № {document.number}"
    assert cast.director.get_full_name() in str(signature.sig_object["/Name"])
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    certificate = DocumentSignature.objects.get(document=document).certificate
    assert certificate.owner == cast.director
    assert certificate.school == cast.school
    assert format(status.signing_cert.serial_number, "X") == certificate.serial_hex
    check = pades.check_pdf(data)
    assert check.ok
    assert check.anchor == "deployment"
    assert check.certificate == certificate


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils is not installed")
def test_pdfsig_finds_the_signature_valid(cast, tmp_path):
    path = tmp_path / "order.pdf"
    path.write_bytes(signed_bytes(signed_order(cast)))
    output = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signature #1" in output
    assert "Signature is Valid" in output
    assert cast.director.get_full_name() in output


@pytest.mark.django_db
def test_one_changed_byte_breaks_the_signature(cast):
    data = bytearray(signed_bytes(signed_order(cast)))
    # A byte inside the signed range: the first content stream's text.
    position = data.index(b"stream", 2000) + 40
    data[position] ^= 0x01
    check = pades.check_pdf(bytes(data))
    assert check.found
    assert not check.ok
    assert not check.intact


@pytest.mark.django_db
def test_an_incremental_update_that_alters_content_is_reported_as_modified(cast):
    data = signed_bytes(signed_order(cast))
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    from pyhanko.pdf_utils import generic

    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (FORGED) Tj ET")
    ref = writer.add_object(stream)
    contents = page["/Contents"]
    page["/Contents"] = generic.ArrayObject([*(contents if isinstance(contents, list) else [contents]), ref])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    check = pades.check_pdf(out.getvalue())
    assert check.found
    assert check.intact
    assert check.valid
    assert not check.unmodified
    assert not check.ok


@pytest.mark.django_db
def test_the_stamp_of_the_electronic_signature_is_on_the_last_page(cast):
    order = pairs_order(cast)
    order.verification_code = "mYz-Eqe04eLG"  # a hyphen: the link is never broken across lines there
    order.save(update_fields=["verification_code"])
    document = signed(cast, order)
    certificate = DocumentSignature.objects.get(document=document).certificate
    text = " ".join(pdf_text(signed_bytes(document)).split())
    assert "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ" in text
    assert f"Сертификат: {certificate.serial_hex}" in text
    assert f"Владелец: {cast.director.get_full_name()}" in text
    zone = ZoneInfo(cast.school.time_zone)  # the dates as the school's clock shows them
    start, end = (
        timezone.localtime(moment, zone).strftime("%d.%m.%Y")
        for moment in (certificate.not_before, certificate.not_after)
    )
    assert f"Действителен: с {start} по {end}" in text
    assert f"/v/{document.verification_code}/" in text  # the QR's link still there, on one line


@pytest.mark.django_db
def test_signing_works_in_a_thread_that_already_runs_an_event_loop(cast):
    """As under an async server, or after a browser test: pyHanko's own event loop gets a thread."""
    document = signed_order(cast)
    certificate = DocumentSignature.objects.get(document=document).certificate
    unsigned = document_pdf(document, final=False)

    async def sign_inside_a_loop():
        return pades.sign_pdf(unsigned, certificate=certificate, reason="Проверка", location="", name="Проверка")

    # A thread of its own: this test's thread may already run Playwright's loop (after a browser test).
    with ThreadPoolExecutor(max_workers=1) as pool:
        signed = pool.submit(lambda: asyncio.run(sign_inside_a_loop())).result()

    [signature] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    assert str(signature.sig_object["/Reason"]) == "Проверка"

"""The PAdES signature in the file (pyHanko): signing a frozen PDF and checking a PDF anyone holds.

The signature is PAdES baseline B-B (ETSI.CAdES.detached) with the certificate chain embedded,
the signer's name, the reason and the location; it is appended as an incremental update, so the
PDF/A file stays as WeasyPrint wrote it. Checking needs no network: the trust anchors are the
deployment's root and the CAs of the certificates schools uploaded.
"""

import asyncio
import datetime
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from signatures import keys
from signatures.issuing import load, load_chain
from signatures.models import Certificate, CertificateKind

logger = logging.getLogger(__name__)
FIELD_NAME = "Signature1"


def in_own_loop(make_coroutine):
    """pyHanko works asynchronously; its synchronous calls use ``asyncio.run``, which a thread that
    already runs an event loop refuses (an async server, Playwright in the tests). There the
    coroutine runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def _asn1(certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def sign_pdf(pdf: bytes, *, certificate: Certificate, reason: str, location: str, name: str) -> bytes:
    """The same PDF with an embedded PAdES signature of ``certificate``'s owner."""
    key = keys.decrypt(certificate.encrypted_key_pem)
    key_info = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    chain = [_asn1(item) for item in load_chain(certificate.chain_pem)]
    signer = signers.SimpleSigner(
        signing_cert=_asn1(load(certificate.certificate_pem)),
        signing_key=key_info,
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location or None,
        name=name,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return in_own_loop(lambda: signers.async_sign_pdf(writer, meta, signer=signer)).getvalue()


# --- checking a file ----------------------------------------------------------------------


@dataclass
class Anchor:
    certificate: object  # asn1crypto
    label: str


def trust_anchors() -> list[Anchor]:
    """The deployment's root and the top of each uploaded certificate's chain (the school's CA)."""
    anchors = []
    for row in Certificate.objects.filter(kind__in=[CertificateKind.ROOT, CertificateKind.UPLOADED]):
        if row.kind == CertificateKind.ROOT:
            anchors.append(Anchor(_asn1(load(row.certificate_pem)), "deployment"))
            continue
        chain = load_chain(row.chain_pem) or [load(row.certificate_pem)]
        for item in chain:
            if item.subject == item.issuer:
                anchors.append(Anchor(_asn1(item), "school"))
    return anchors


@dataclass
class EmbeddedCheck:
    """What the file's own signature says (all False/empty when the file carries none)."""

    found: bool = False
    readable: bool = True
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    unmodified: bool = False
    signer: str = ""
    reason: str = ""
    location: str = ""
    signed_at: datetime.datetime | None = None
    serial_hex: str = ""
    owner: str = ""
    organization: str = ""
    valid_from: datetime.datetime | None = None
    valid_until: datetime.datetime | None = None
    anchor: str = ""
    certificate: Certificate | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.found and self.intact and self.valid and self.trusted and self.unmodified


def _name_part(name, attribute: str) -> str:
    try:
        return str(name.native.get(attribute, "") or "")
    except (ValueError, AttributeError):
        return ""


def check_pdf(data: bytes) -> EmbeddedCheck:
    """Validates the last PAdES signature of ``data`` against the portal's trust anchors, offline."""
    check = EmbeddedCheck()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError, OSError):
        check.readable = False
        return check
    if not embedded:
        return check
    check.found = True
    signature = embedded[-1]
    anchors = trust_anchors()
    moment = None
    try:
        moment = signature.self_reported_timestamp
    except (ValueError, KeyError):
        moment = None
    context = ValidationContext(
        trust_roots=[anchor.certificate for anchor in anchors],
        allow_fetching=False,
        moment=moment,
    )
    try:
        status = in_own_loop(lambda: async_validate_pdf_signature(signature, context))
    except (SigningError, PdfError, ValueError, KeyError, TypeError) as error:
        logger.info("PDF signature could not be validated: %s", type(error).__name__)
        check.readable = False
        return check
    check.intact, check.valid, check.trusted = bool(status.intact), bool(status.valid), bool(status.trusted)
    check.unmodified = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and bool(status.docmdp_ok)
        and status.modification_level.value <= 1  # LTA_UPDATES: validation data, nothing visible
    )
    signature_object = signature.sig_object
    check.signer = str(signature_object.get("/Name", "") or "")
    check.reason = str(signature_object.get("/Reason", "") or "")
    check.location = str(signature_object.get("/Location", "") or "")
    check.signed_at = status.signer_reported_dt or moment
    cert = status.signing_cert
    check.serial_hex = format(cert.serial_number, "X")
    check.owner = _name_part(cert.subject, "common_name")
    check.organization = _name_part(cert.subject, "organization_name")
    check.valid_from = cert["tbs_certificate"]["validity"]["not_before"].native
    check.valid_until = cert["tbs_certificate"]["validity"]["not_after"].native
    for anchor in anchors:
        path = getattr(status, "validation_path", None)
        if (
            path is not None
            and check.trusted
            and path.trust_anchor.authority.public_key == anchor.certificate.public_key
        ):
            check.anchor = anchor.label
            break
    check.certificate = (
        Certificate.objects.exclude(kind=CertificateKind.ROOT).filter(serial_hex=check.serial_hex).first()
    )
    return check

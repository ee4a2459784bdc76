"""What the public page of a signed document (/v/<code>/) tells whoever scanned its QR code.

The page is public, so it says what the document is and who signed it for the school, and
nothing personal: the director signs for the organization and is named («И. В. Соколова»), the
subject of a consent and the employee of an agreement are not (a consent's or an agreement's
title, which carries the name, is replaced by the standard one). A visitor may also upload the
file they hold: its SHA-256, read in chunks, is compared with the one recorded at signing, and
the PAdES signature embedded in it is checked (``check_file``: the same check as «manage.py
verify_pdf»), here or on «Проверить файл» (/v/check/) without a code.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from documents.declension import initials_and_last_name
from documents.drafting import TITLES
from documents.models import Document, DocumentStatus, DocumentType

MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
CHUNK_BYTES = 64 * 1024
DATE = "%d.%m.%Y"
DATE_TIME = "%d.%m.%Y %H:%M"


# --- the document as the public sees it --------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """One signature: the side (for an agreement), the signer if they may be named, and how and when."""

    how: str
    who: str = ""
    side: str = ""

    @property
    def text(self) -> str:
        """«Работодатель: Директор И. В. Соколова — подписано простой электронной подписью 05.06.2026 14:30»."""
        body = f"{self.who} — {self.how}" if self.who else self.how
        return f"{self.side}: {body}" if self.side else body[:1].upper() + body[1:]


@dataclass(frozen=True)
class PublicStatus:
    """In force, replaced by a signed correction, or (a consent) withdrawn or expired."""

    in_force: bool
    text: str
    replaced_by: Document | None = None

    @property
    def html(self) -> SafeString:
        """The text, with the replacing document's reference linked to its own verification page."""
        if self.replaced_by is None:
            return escape(self.text)
        reference = document_reference(self.replaced_by)
        link = format_html('<a href="{}">{}</a>', verification_path(self.replaced_by), reference)
        return mark_safe(escape(self.text).replace(escape(reference), link, 1))  # noqa: S308 — both parts escaped


def document_reference(document: Document) -> str:
    """«№ 01-10/7 от 05.06.2026»."""
    return _("No. %(number)s of %(date)s") % {"number": document.number, "date": document.date.strftime(DATE)}


def verification_path(document: Document) -> str:
    return reverse("verify", kwargs={"code": document.verification_code})


def public_title(document: Document) -> str:
    """An order's own title; for the other kinds the standard one, without the person it concerns."""
    if DocumentType(document.type).is_order:
        return document.title
    return TITLES.get(document.type, document.title)


def organization(document: Document) -> str:
    """The school's name as printed on the document (frozen when it was drafted)."""
    return (document.context or {}).get("school", {}).get("full_name") or document.school.full_name


def public_status(document: Document, *, today: datetime.date | None = None) -> PublicStatus:
    replacement = document.superseding()
    if replacement is not None:
        return PublicStatus(
            in_force=False,
            text=_("No longer in force: replaced by document %(reference)s")
            % {"reference": document_reference(replacement)},
            replaced_by=replacement,
        )
    consent = document.consent if document.is_consent and document.consent_id else None
    if consent is not None:
        today = today or _local_today(document)
        if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
            return PublicStatus(
                in_force=False,
                text=_("No longer in force: the consent was withdrawn on %(date)s")
                % {"date": consent.withdrawn_on.strftime(DATE)},
            )
        valid_until = getattr(consent, "valid_until", None)
        if valid_until is not None and valid_until < today:
            return PublicStatus(
                in_force=False,
                text=_("No longer in force: the term of the consent ended on %(date)s")
                % {"date": valid_until.strftime(DATE)},
            )
    return PublicStatus(in_force=True, text=_("In force"))


def signatures(document: Document) -> list[Signature]:
    """Who signed: the director by name for the school; a consent's subject and an employee unnamed."""
    if document.is_consent:
        return [_subject_signature(document)]
    director = Signature(how=_director_manner(document), who=_director(document))
    if document.type == DocumentType.CONTRACT_SUPPLEMENT:
        return [
            Signature(how=director.how, who=director.who, side=_("Employer")),
            Signature(how=_party_manner(document), side=_("Employee")),
        ]
    return [director]


def _director(document: Document) -> str:
    """«Директор И. В. Соколова»: the position and name frozen in the document when it was drafted."""
    school = (document.context or {}).get("school", {})
    position = school.get("director_position", "")
    name = school.get("director_short", "")
    if not name and school.get("director_name"):
        name = initials_and_last_name(*[*school["director_name"].split(), "", "", ""][:3])
    if not name and document.signed_by_id and not document.signed_on_paper:
        signer = document.signed_by
        name = initials_and_last_name(signer.last_name, signer.first_name, getattr(signer, "patronymic", ""))
    return " ".join(part for part in (position, name) if part)


def _director_manner(document: Document) -> str:
    if document.signed_on_paper:
        return _paper(document)
    at = _moment(document, document.signed_at)
    pades = _pades(document)
    if pades is not None:
        return _("signed with an enhanced unqualified electronic signature (certificate %(serial)s) on %(at)s") % {
            "serial": pades.certificate.serial_hex,
            "at": at,
        }
    return _("signed with a simple electronic signature on %(at)s") % {"at": at}


def _pades(document: Document):
    """The PAdES signature record of the director's signing (signatures.models), if the file has one."""
    try:
        return document.pades
    except ObjectDoesNotExist:
        return None


def _party_manner(document: Document) -> str:
    if document.signed_on_paper:
        return _paper(document)
    if document.party_signed_at:
        return _("signed with a simple electronic signature on %(at)s") % {
            "at": _moment(document, document.party_signed_at)
        }
    return _("no signature is recorded in the portal")


def _subject_signature(document: Document) -> Signature:
    if document.signed_on_paper:
        return Signature(how=_paper(document))
    if document.party_signed_at:
        at = _moment(document, document.party_signed_at)
        if document.type == DocumentType.CONSENT_GUARDIAN:
            how = _(
                "signed by the legal guardian of the personal data subject with a simple electronic signature on %(at)s"
            )
        else:
            how = _("signed by the personal data subject with a simple electronic signature on %(at)s")
        return Signature(how=how % {"at": at})
    return Signature(how=_("no signature is recorded in the portal"))


def _paper(document: Document) -> str:
    date = _moment(document, document.signed_at, fmt=DATE) if document.signed_at else document.date.strftime(DATE)
    return _("signed by hand, the scan of the original registered on %(date)s") % {"date": date}


def _zone(document: Document) -> ZoneInfo:
    return ZoneInfo(document.school.time_zone)


def _moment(document: Document, moment: datetime.datetime | None, fmt: str = DATE_TIME) -> str:
    """A time in the school's own time zone: the page is public, no school is active."""
    if moment is None:
        return ""
    return timezone.localtime(moment, _zone(document)).strftime(fmt)


def _local_today(document: Document) -> datetime.date:
    return timezone.localtime(timezone.now(), _zone(document)).date()


# --- the file a visitor holds ------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    matches: bool
    sha256: str
    size: int

    @property
    def message(self) -> str:
        if self.matches:
            return _("The file matches the signed document byte for byte.")
        return _(
            "The file differs from the signed document: its SHA-256 is %(sha256)s, not the one recorded at signing."
        ) % {"sha256": self.sha256}


def too_large_error() -> ValidationError:
    return ValidationError(_("The file is too large: at most %(limit)s MB.") % {"limit": MAX_UPLOAD_MB})


def compare_bytes(document: Document, data: bytes) -> Comparison:
    sha256 = hashlib.sha256(data).hexdigest()
    return Comparison(matches=hmac.compare_digest(sha256, document.sha256 or ""), sha256=sha256, size=len(data))


def compare_upload(document: Document, upload) -> Comparison:
    """Hashes the uploaded file chunk by chunk (never whole in memory) and compares it with the record."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise too_large_error()
    digest, size = hashlib.sha256(), 0
    for chunk in upload.chunks(CHUNK_BYTES):
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            raise too_large_error()
        digest.update(chunk)
    sha256 = digest.hexdigest()
    return Comparison(matches=hmac.compare_digest(sha256, document.sha256 or ""), sha256=sha256, size=size)


# --- the signature inside the file (PAdES) ------------------------------------------------


def read_upload(upload) -> bytes:
    """The uploaded file's bytes, refused past the limit without reading further."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise too_large_error()
    parts, size = [], 0
    for chunk in upload.chunks(CHUNK_BYTES):
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            raise too_large_error()
        parts.append(chunk)
    return b"".join(parts)


@dataclass(frozen=True)
class Row:
    """One line of the report: what was checked, the answer, and whether it is good (None: neutral)."""

    label: str
    text: str
    good: bool | None = None


@dataclass
class FileReport:
    """Everything a PDF someone holds says about itself, checked against the registry."""

    sha256: str
    embedded: object  # signatures.pades.EmbeddedCheck
    registered: Document | None
    expected: Document | None = None
    rows: list[Row] = field(default_factory=list)
    ok: bool = False

    @property
    def verdict(self) -> str:
        if self.ok:
            return _("The file is genuine: its embedded signature is valid and it is the registered signed document.")
        return _("The file is not confirmed: see what failed below.")


def check_file(data: bytes, *, expected: Document | None = None) -> FileReport:
    """Checks the PDF's embedded signature (intact, valid, trusted, unmodified), its certificate and
    whether the file is a registered signed document (and the one of the page, if there is one)."""
    from signatures.pades import check_pdf

    sha256 = hashlib.sha256(data).hexdigest()
    embedded = check_pdf(data)
    registered = (
        Document.objects.select_related("school", "signed_by", "consent")
        .filter(sha256=sha256, status=DocumentStatus.SIGNED)
        .first()
    )
    report = FileReport(sha256=sha256, embedded=embedded, registered=registered, expected=expected)
    rows = report.rows
    zone = _zone(registered) if registered is not None else ZoneInfo("Europe/Moscow")
    signature_good = _signature_rows(embedded, rows, zone)
    revocation_good = _certificate_rows(embedded, rows)
    if registered is not None:
        rows.append(
            Row(_("Registered file"), _("Yes: %(reference)s") % {"reference": document_reference(registered)}, True)
        )
        status = public_status(registered)
        rows.append(Row(_("Document status"), status.text, status.in_force))
    else:
        rows.append(Row(_("Registered file"), _("No: no signed document of the portal has this file's hash."), False))
    matches_page = expected is None or registered == expected
    if expected is not None and registered != expected:
        rows.append(Row(_("This document"), _("The file is not the document of this page."), False))
    # A consent or a paper original carries no director's certificate: the registry vouches for it.
    needs_embedded = registered is None or _pades(registered) is not None
    report.ok = bool(
        registered is not None
        and matches_page
        and (signature_good if needs_embedded else not embedded.found or signature_good)
        and revocation_good
    )
    return report


def _signature_rows(embedded, rows: list[Row], zone: ZoneInfo) -> bool:
    if not embedded.readable:
        rows.append(Row(_("Embedded signature"), _("The file could not be read as a PDF."), False))
        return False
    if not embedded.found:
        rows.append(Row(_("Embedded signature"), _("The file carries no electronic signature."), False))
        return False
    if not (embedded.intact and embedded.valid):
        rows.append(Row(_("Embedded signature"), _("Invalid: the file was changed after signing."), False))
        return False
    if not embedded.unmodified:
        rows.append(
            Row(_("Embedded signature"), _("Invalid: content was added to the file after it was signed."), False)
        )
        return False
    if not embedded.trusted:
        rows.append(
            Row(
                _("Embedded signature"),
                _("Intact, but the certificate was not issued by this portal or a school's uploaded CA."),
                False,
            )
        )
        return False
    rows.append(Row(_("Embedded signature"), _("Valid, the file is unchanged since signing."), True))
    if embedded.signer:
        rows.append(Row(_("Signed by"), embedded.signer))
    if embedded.signed_at:
        at = embedded.signed_at.astimezone(zone)
        rows.append(Row(_("Signed at"), f"{at.strftime(DATE_TIME)} ({zone.key})"))
    if embedded.reason:
        rows.append(Row(_("Reason"), embedded.reason))
    return True


def _certificate_rows(embedded, rows: list[Row]) -> bool:
    """The certificate's serial, owner, validity and issuer; False when it was revoked before signing."""
    if not embedded.found or not embedded.serial_hex:
        return True
    rows.append(Row(_("Certificate"), embedded.serial_hex))
    owner = ", ".join(part for part in (embedded.owner, embedded.organization) if part)
    rows.append(Row(_("Certificate owner"), owner))
    if embedded.valid_from and embedded.valid_until:
        rows.append(
            Row(
                _("Certificate validity"),
                _("from %(start)s to %(end)s")
                % {"start": embedded.valid_from.strftime(DATE), "end": embedded.valid_until.strftime(DATE)},
            )
        )
    issuers = {
        "deployment": _("this portal's root certificate"),
        "school": _("the certification authority the school uploaded"),
    }
    rows.append(
        Row(
            _("Issued by"), issuers.get(embedded.anchor, _("an unknown certification authority")), bool(embedded.anchor)
        )
    )
    certificate = embedded.certificate
    if certificate is None or certificate.revoked_at is None:
        return True
    revoked = timezone.localtime(certificate.revoked_at).strftime(DATE_TIME)
    if embedded.signed_at and embedded.signed_at < certificate.revoked_at:
        rows.append(
            Row(
                _("Revocation"),
                _("Signed before the certificate was revoked (revoked on %(date)s): the signature stays valid.")
                % {"date": revoked},
                True,
            )
        )
        return True
    rows.append(
        Row(
            _("Revocation"),
            _("The certificate was revoked on %(date)s, before this signature.") % {"date": revoked},
            False,
        )
    )
    return False

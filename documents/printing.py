"""Turning a registered document into its PDF through the one render helper."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, DocumentStatus, DocumentType, TemplateOverride
from documents.phrases import addressee, long_date, sender, short_date
from documents.rendering import htmls_to_pdf, qr_data_uri


def verification_url(document: Document) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("verify", kwargs={"code": document.verification_code})


def print_context(document: Document, *, final: bool, certificate=None) -> dict:
    """The stored context plus what depends on the day of signing and on the registry; with the
    signing ``certificate`` (signatures.models.Certificate) the mark of the electronic signature."""
    url = verification_url(document)
    context = document.context
    school = context.get("school", {})
    person = context.get("person") or context.get("mentor")
    return {
        **context,
        "document": {
            "type": document.type,
            "title": document.title,
            "number": document.number,
            "date": short_date(document.date),
            "long_date": long_date(document.date),
            "next_day": short_date(document.date + datetime.timedelta(days=1)),
            "supersedes": _superseded(document.supersedes) if document.supersedes_id else None,
        },
        "addressee": addressee(school) if "director" in school else [],
        "sender": sender(person) if person and "sex" in person else [],
        "term_start": _term_start(document),
        "party_signature": _party_signature(document),
        "draft": not final,
        "verification_url": url if final else "",
        "qr": qr_data_uri(url) if final else "",
        "signature_stamp": signature_stamp(document, certificate) if final and certificate is not None else None,
    }


def signature_stamp(document: Document, certificate) -> dict:
    """What the mark of an electronic signature prints (ГОСТ Р 7.0.97-2016, п. 5.23): the
    certificate's serial number, its owner and its validity period, dates in the school's time."""
    zone = ZoneInfo(document.school.time_zone)
    return {
        "serial": certificate.serial_hex,
        "owner": certificate.subject_name,
        "valid_from": timezone.localtime(certificate.not_before, zone).strftime("%d.%m.%Y"),
        "valid_until": timezone.localtime(certificate.not_after, zone).strftime("%d.%m.%Y"),
    }


def _superseded(old: Document) -> dict:
    """What a correction cites: «приказ от 01.12.2026 № 01-10/8 «О …»»."""
    kind = "приказ" if DocumentType(old.type).is_order else "документ"
    return {
        "kind": kind,
        "number": old.number,
        "date": short_date(old.date),
        "title": old.title,
        "text": f"{kind} от {short_date(old.date)} № {old.number} «{old.title}»",
    }


def _term_start(document: Document) -> str:
    """An agreement's term never starts before the day it is signed (it takes effect then)."""
    planned = document.context.get("start_iso")
    if not planned:
        return document.context.get("start", "")
    return short_date(max(datetime.date.fromisoformat(planned), document.date))


def _party_signature(document: Document) -> dict | None:
    if document.party_signed_at is None:
        return None
    zone = ZoneInfo(document.school.time_zone)
    person = document.context.get("person") or document.context.get("mentor") or {}
    at = timezone.localtime(document.party_signed_at, zone)
    return {"short": person.get("short", ""), "at": f"{at:%d.%m.%Y %H:%M} ({document.school.time_zone})"}


def document_html(document: Document, context: dict) -> str:
    """The document's own pages: the school's wording of its type if it has one, else the standard."""
    override = TemplateOverride.objects.filter(school=document.school, type=document.type).first()
    if override is not None:
        return Engine.get_default().from_string(override.html).render(Context(context, autoescape=True))
    return render_to_string(f"documents/{document.type}.html", context)


def appendix_htmls(document: Document, context: dict) -> list[str]:
    """Appendices printed as pages of the same PDF (the Положение and the roadmap of a regulation order)."""
    from documents.regulation import appendices  # it prints through this module's print_context

    return appendices(document, context)


def document_pdf(document: Document, *, final: bool, certificate=None) -> bytes:
    """A signed document is written as PDF/A for the archive; a draft's preview as plain PDF."""
    context = print_context(document, final=final, certificate=certificate)
    return htmls_to_pdf([document_html(document, context), *appendix_htmls(document, context)], archival=final)


def director_signed_pdf(document: Document, *, by) -> tuple[bytes, object]:
    """The final PDF with the mark of the signature, signed (PAdES) with the director's certificate
    — issued from the deployment's root at this moment if they have none. Returns it and the certificate."""
    from signatures import issuing, pades

    certificate = issuing.for_signing(user=by, school=document.school)
    pdf = document_pdf(document, final=True, certificate=certificate)
    kind = "приказа" if DocumentType(document.type).is_order else "документа"
    position = document.school.director_position or ""
    return (
        pades.sign_pdf(
            pdf,
            certificate=certificate,
            reason=f"Подписание {kind} № {document.number}",
            location=issuing.locality(document.school),
            name=", ".join(part for part in (by.get_full_name(), str(position)) if part),
        ),
        certificate,
    )


def is_final(document: Document) -> bool:
    return document.status == DocumentStatus.SIGNED

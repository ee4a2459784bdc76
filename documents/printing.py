"""Turning a registered document into its PDF through the one render helper."""

from django.conf import settings
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.urls import reverse

from documents.models import Document, DocumentStatus, TemplateOverride
from documents.rendering import htmls_to_pdf, qr_data_uri


def verification_url(document: Document) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("verify", kwargs={"code": document.verification_code})


def print_context(document: Document, *, final: bool) -> dict:
    url = verification_url(document)
    return {
        **document.context,
        "document": {
            "type": document.type,
            "title": document.title,
            "number": document.number,
            "date": document.date.strftime("%d.%m.%Y"),
            "supersedes": str(document.supersedes) if document.supersedes_id else "",
        },
        "draft": not final,
        "verification_url": url if final else "",
        "qr": qr_data_uri(url) if final else "",
    }


def document_html(document: Document, context: dict) -> str:
    """The document's own pages: the school's wording of its type if it has one, else the standard."""
    override = TemplateOverride.objects.filter(school=document.school, type=document.type).first()
    if override is not None:
        return Engine.get_default().from_string(override.html).render(Context(context, autoescape=True))
    return render_to_string(f"documents/{document.type}.html", context)


def appendix_htmls(document: Document, context: dict) -> list[str]:
    """Appendices printed as pages of the same PDF (the Положение and the roadmap of a regulation order)."""
    return []


def document_pdf(document: Document, *, final: bool) -> bytes:
    """A signed document is written as PDF/A for the archive; a draft's preview as plain PDF."""
    context = print_context(document, final=final)
    return htmls_to_pdf([document_html(document, context), *appendix_htmls(document, context)], archival=final)


def is_final(document: Document) -> bool:
    return document.status == DocumentStatus.SIGNED

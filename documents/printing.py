"""Turning a registered document into its PDF through the one render helper."""

from django.conf import settings
from django.template import Context, Engine
from django.urls import reverse

from documents.models import Document, DocumentStatus, TemplateOverride
from documents.rendering import qr_data_uri, render_pdf, render_pdf_from_template


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


def document_pdf(document: Document, *, final: bool) -> bytes:
    context = print_context(document, final=final)
    override = TemplateOverride.objects.filter(school=document.school, type=document.type).first()
    if override is not None:
        template = Engine.get_default().from_string(override.html)
        return render_pdf_from_template(template, Context(context, autoescape=True))
    return render_pdf(f"documents/{document.type}.html", context)


def is_final(document: Document) -> bool:
    return document.status == DocumentStatus.SIGNED

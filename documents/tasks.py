from celery import shared_task
from django.core.files.base import ContentFile

from documents.models import Document, RenderState
from documents.printing import document_pdf


@shared_task(name="documents.render_preview", soft_time_limit=120)
def render_preview(document_id: int) -> str:
    """Renders a draft's preview PDF. Claimed atomically, so two workers never render one twice."""
    claimed = Document.objects.filter(pk=document_id, render_state=RenderState.PENDING).update(render_error="")
    if not claimed:
        return "skipped"
    document = Document.objects.get(pk=document_id)
    try:
        pdf = document_pdf(document, final=False)
    except Exception as exc:
        Document.objects.filter(pk=document_id).update(render_state=RenderState.FAILED, render_error=str(exc)[:1000])
        raise
    document.preview.save(f"{document.pk}-{document.verification_code}-preview.pdf", ContentFile(pdf), save=False)
    Document.objects.filter(pk=document_id).update(preview=document.preview.name, render_state=RenderState.DONE)
    return "done"

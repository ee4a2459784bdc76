"""Starting a preview render: marks the document and queues the task once the transaction commits."""

from django.db import transaction

from documents.models import Document, RenderState
from documents.tasks import render_preview


def request_preview(document: Document) -> None:
    Document.objects.filter(pk=document.pk).update(render_state=RenderState.PENDING, render_error="")
    transaction.on_commit(lambda: render_preview.delay(document.pk))

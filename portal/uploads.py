"""Uploaded files: what they are by their first bytes, how large they may be, and the old file
of a replaced upload removed once the change is committed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

# Signatures of the formats a school keeps as evidence: PDF, images, office documents (OOXML and
# ODF are ZIP containers, the old Word and Excel formats OLE ones).
EVIDENCE_SIGNATURES = {
    b"%PDF": "PDF",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"PK\x03\x04": "DOCX, XLSX, PPTX, ODT",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "DOC, XLS, PPT",
}


def evidence_max_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_MB", 20) * 1024 * 1024


def validate_evidence(file) -> None:
    """The extension can lie; the first bytes cannot. Size first, before anything is read."""
    limit = evidence_max_bytes()
    if file.size > limit:
        raise ValidationError(
            _("The file is too large: %(size)s MB, at most %(limit)s MB.")
            % {"size": round(file.size / 1024 / 1024, 1), "limit": limit // 1024 // 1024}
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    if not any(head.startswith(signature) for signature in EVIDENCE_SIGNATURES):
        raise ValidationError(
            _("This kind of file is not accepted: upload %(kinds)s.")
            % {"kinds": ", ".join(EVIDENCE_SIGNATURES.values())}
        )


def delete_replaced_file(instance, field_name: str) -> None:
    """Once the transaction commits, the file the instance's field held before is deleted if the
    field now holds another one (or none). Call before saving the instance."""
    if instance.pk is None:
        return
    previous = type(instance)._default_manager.filter(pk=instance.pk).values_list(field_name, flat=True).first()
    current = getattr(instance, field_name).name or ""
    if previous and previous != current:
        storage = getattr(instance, field_name).storage
        transaction.on_commit(lambda: storage.delete(previous))

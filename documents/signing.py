"""The life of a document: sent for signature, signed (in the browser or on paper), returned.

Signing freezes the PDF — stored, hashed, with who and when — and applies what the document
decides through the lower apps' own functions (a pair-fixing order approves its pairs, and so
on). Everything happens in one transaction: if a consequence is refused, nothing is signed.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from accounts.services import role_grant
from documents.models import Document, DocumentStatus, DocumentType
from documents.printing import document_pdf
from mentoring import lifecycle, replacement
from mentoring.models import Status as MentorshipStatus

SCAN_SIGNATURE = b"%PDF"


def send_for_signature(*, document: Document, by) -> None:
    if document.status not in (DocumentStatus.DRAFT, DocumentStatus.RETURNED):
        raise ValidationError(_("Only a draft or a returned document can be sent for signature."))
    document.status = DocumentStatus.AWAITING_SIGNATURE
    document.return_comment = ""
    document.save(update_fields=["status", "return_comment"])


def return_for_correction(*, document: Document, by, comment: str) -> None:
    if document.status != DocumentStatus.AWAITING_SIGNATURE:
        raise ValidationError(_("Only a document awaiting signature can be returned."))
    if not comment.strip():
        raise ValidationError(_("Say what to correct."))
    document.status = DocumentStatus.RETURNED
    document.return_comment = comment
    document.save(update_fields=["status", "return_comment"])


def _freeze(document: Document, pdf: bytes, *, by, on_paper: bool) -> None:
    document.pdf.save(f"{document.pk}.pdf", ContentFile(pdf), save=False)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.signed_by = by
    document.signed_at = timezone.now()
    document.signed_on_paper = on_paper
    document.save(update_fields=["pdf", "sha256", "signed_by", "signed_at", "signed_on_paper", "status", "date"])


@transaction.atomic
def sign(*, document: Document, by, password: str) -> None:
    """The director signs after re-entering their password; the PDF is rendered once and frozen."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentStatus.AWAITING_SIGNATURE:
        raise ValidationError(_("Only a document awaiting signature can be signed."))
    if not by.check_password(password or ""):
        raise ValidationError(_("The password is wrong: the document is not signed."))
    document.status = DocumentStatus.SIGNED
    document.date = timezone.localdate()
    apply_consequences(document=document, by=by)
    _freeze(document, document_pdf(document, final=True), by=by, on_paper=False)


@transaction.atomic
def register_paper_original(*, document: Document, by, scan) -> None:
    """A school that signs on paper uploads the signed scan; it becomes the document of record."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentStatus.AWAITING_SIGNATURE:
        raise ValidationError(_("Only a document awaiting signature can be registered as signed."))
    data = scan.read()
    if not data.startswith(SCAN_SIGNATURE):
        raise ValidationError(_("Upload the scan as a PDF file."))
    document.status = DocumentStatus.SIGNED
    apply_consequences(document=document, by=by)
    _freeze(document, data, by=by, on_paper=True)


def verify(document: Document) -> bool:
    """The stored PDF still has the hash recorded when it was signed."""
    if not document.pdf or not document.sha256:
        return False
    with document.pdf.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest() == document.sha256


# --- what signing decides -----------------------------------------------------------


def apply_consequences(*, document: Document, by) -> None:
    handler = CONSEQUENCES.get(document.type)
    if handler is not None:
        handler(document, by)


def _fix_pairs(document: Document, by) -> None:
    for mentorship in document.mentorships.all():
        if mentorship.status != MentorshipStatus.PROPOSED:
            raise ValidationError(
                _("%(pair)s is no longer proposed (%(status)s): remove it from the order.")
                % {"pair": mentorship, "status": mentorship.get_status_display()}
            )
        lifecycle.mentorship_approve(
            mentorship=mentorship, by=by, order_number=document.number, order_date=document.date, on=document.date
        )


def _complete(document: Document, by) -> None:
    for mentorship in document.mentorships.all():
        lifecycle.mentorship_complete(
            mentorship=mentorship,
            by=by,
            on=document.date,
            note=_("Order No. %(number)s of %(date)s")
            % {"number": document.number, "date": document.date.strftime("%d.%m.%Y")},
        )


def _replace(document: Document, by) -> None:
    replacement.replacement_apply(
        replacement=document.replacement, order_number=document.number, order_date=document.date, by=by
    )


def _appoint_curator(document: Document, by) -> None:
    role_grant(user=document.person.user, role=Role.CURATOR, school=document.school)


CONSEQUENCES = {
    DocumentType.ORDER_PAIRS: _fix_pairs,
    DocumentType.ORDER_COMPLETION: _complete,
    DocumentType.ORDER_REPLACEMENT: _replace,
    DocumentType.ORDER_CURATOR: _appoint_curator,
}

"""Paper originals: who may register one, what counts as one, and the director's right to contest it.

A school chooses in its documents' settings whether the director signs in the portal or on
paper. In the first case only the director applies a document (by signing it, or by
registering the paper original she signed herself). In the second the curator or the
secretary registers the scan of the signed original; the director is told at once and may
contest the registration for ``contest_days`` days, which undoes it with what it decided.
A consent is its subject's: its signed scan is registered by whoever keeps the bank.
"""

import datetime
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Action
from accounts.roles import Role
from accounts.services import role_grant, role_revoke
from audit.log import record
from audit.models import AuditAction
from documents.models import (
    DEFAULT_CONTEST_DAYS,
    Document,
    DocumentSettings,
    DocumentStatus,
    DocumentType,
    PaperRegistration,
    SigningMode,
)
from mentoring import cross_school, lifecycle
from mentoring.models import Participant, Replacement, StatusChange
from notifications import events

MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_PAGES = 200
IMAGE_FORMATS = {"JPEG", "PNG", "TIFF"}


# --- what counts as a scan --------------------------------------------------------------


def scan_as_pdf(upload) -> tuple[bytes, int]:
    """The scan of a signed original as PDF bytes and its page count.

    A PDF must parse and have at least one page; a JPEG, PNG or TIFF photo of the pages is
    turned into a PDF. Anything else, or anything larger than the limit, is refused.
    """
    if upload is None:
        raise ValidationError(_("Choose the scan file."))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The scan is too large: at most %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The scan is too large: at most %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})
    if data.lstrip().startswith(b"%PDF"):
        return data, _pdf_pages(data)
    return _image_to_pdf(data)


def _pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    not_a_pdf = ValidationError(_("The file is not a readable PDF: scan the signed original again."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("The PDF is password-protected: upload it without a password."))
        pages = len(reader.pages)
        if pages:
            reader.pages[0].mediabox  # noqa: B018 — a page whose box cannot be read is no page
    except ValidationError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as error:
        raise not_a_pdf from error
    if pages < 1:
        raise ValidationError(_("The PDF has no pages: scan the signed original again."))
    if pages > MAX_PAGES:
        raise ValidationError(_("The PDF has more than %(pages)s pages: is it the right file?") % {"pages": MAX_PAGES})
    return pages


def _image_to_pdf(data: bytes) -> tuple[bytes, int]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    refused = ValidationError(_("Upload the scan as a PDF file or as a photo (JPEG, PNG, TIFF)."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS:
                raise refused
            if image.width * image.height > Image.MAX_IMAGE_PIXELS:
                raise refused
            pages = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)][:MAX_PAGES]
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise refused from error
    output = io.BytesIO()
    pages[0].save(output, format="PDF", save_all=True, append_images=pages[1:], resolution=200.0)
    return output.getvalue(), len(pages)


# --- who may register, and what happens ----------------------------------------------


def signing_mode(school) -> str:
    found = DocumentSettings.objects.filter(school=school).values_list("signing_mode", flat=True).first()
    return found or SigningMode.PORTAL


def contest_days(school) -> int:
    found = DocumentSettings.objects.filter(school=school).values_list("contest_days", flat=True).first()
    return DEFAULT_CONTEST_DAYS if found is None else found


def registration_refusal(user, document: Document) -> str | None:
    """Why ``user`` may not register this document's paper original, in words; None if they may."""
    if document.is_consent:
        if user.has_perm(Action.MANAGE_CONSENTS, document.school):
            return None
        return _("A consent's signed original is registered by whoever keeps the bank of mentors and mentees.")
    if user.has_perm(Action.REGISTER_SIGNED_ORIGINAL, document.school):
        return None
    if signing_mode(document.school) == SigningMode.PORTAL:
        return _(
            "In this school the director signs documents in the portal: only the director applies a document "
            "or registers its paper original."
        )
    return _("Only the director, the curator or the secretary registers a signed paper original.")


def _is_director(user, school) -> bool:
    return user.has_perm(Action.SIGN_DOCUMENTS, school)


@transaction.atomic
def register_original(*, document: Document, by, upload) -> PaperRegistration | None:
    """The scan of the signed original becomes the document of record and the document applies.

    Returns the registration the director may contest (None for a consent, which is its subject's).
    """
    from documents.regulation import publish_regulation
    from documents.signing import apply_consequences, freeze, record_consent, signing_announcement

    document = Document.objects.select_for_update(of=("self",)).select_related("school").get(pk=document.pk)
    refusal = registration_refusal(by, document)
    if refusal:
        raise ValidationError(refusal)
    if document.status != DocumentStatus.AWAITING_SIGNATURE:
        raise ValidationError(
            _("Only a document sent for signature can be registered as signed: send it for signature first.")
        )
    pdf, pages = scan_as_pdf(upload)
    document.status = DocumentStatus.SIGNED
    registration = None
    if document.is_consent:
        document.consent = record_consent(document, by=by, scan=pdf)
        applied = {}
    else:
        applied = apply_consequences(document=document, by=by) or {}
    freeze(document, pdf, by=by, on_paper=True)
    publish_regulation(document)  # rendered from the drafted context: a scan has no text
    if not document.is_consent:
        registration = PaperRegistration(
            school=document.school,
            document=document,
            sha256=document.sha256,
            pages=pages,
            registered_by=by,
            contest_until=timezone.localdate() + datetime.timedelta(days=contest_days(document.school)),
            applied=applied,
        )
        if _is_director(by, document.school):  # her own signature: nothing to contest
            registration.confirmed_by, registration.confirmed_at = by, timezone.now()
        registration.scan.save(f"{document.pk}.pdf", ContentFile(pdf), save=False)
        registration.save()
    record(
        actor=by,
        school=document.school,
        action=AuditAction.REGISTER_ORIGINAL,
        obj=document,
        changes={
            "status": [DocumentStatus.AWAITING_SIGNATURE, DocumentStatus.SIGNED],
            "sha256": [None, document.sha256],
        },
    )
    if registration is not None and registration.is_open:
        events.announce("paper_registered", registration_id=registration.pk, by_id=getattr(by, "pk", None))
    signing_announcement(document, by=by)
    return registration


def registrations_to_confirm(school, on=None) -> QuerySet:
    """Registrations the director has neither confirmed nor contested while she still may."""
    on = on or timezone.localdate()
    return (
        PaperRegistration.objects.for_school(school)
        .filter(confirmed_at__isnull=True, contested_at__isnull=True, contest_until__gte=on)
        .select_related("document", "registered_by")
    )


def _open_registration(registration: PaperRegistration, by, *, on) -> PaperRegistration:
    registration = (
        PaperRegistration.objects.select_for_update(of=("self",))
        .select_related("document", "school")
        .get(pk=registration.pk)
    )
    if not by.has_perm(Action.CONTEST_REGISTRATION, registration.school):
        raise ValidationError(_("Only the director confirms or contests a registered paper original."))
    if not registration.is_open:
        raise ValidationError(_("This registration has already been confirmed or contested."))
    if registration.contest_until < on:
        raise ValidationError(
            _("The time to contest this registration ended on %(date)s.")
            % {"date": registration.contest_until.strftime("%d.%m.%Y")}
        )
    return registration


@transaction.atomic
def confirm_registration(*, registration: PaperRegistration, by, on=None) -> None:
    registration = _open_registration(registration, by, on=on or timezone.localdate())
    registration.confirmed_by, registration.confirmed_at = by, timezone.now()
    registration.save(update_fields=["confirmed_by", "confirmed_at"])
    record(actor=by, school=registration.school, action=AuditAction.CONFIRM, obj=registration.document)


@transaction.atomic
def contest_registration(*, registration: PaperRegistration, by, reason: str, on=None) -> None:
    """The director did not sign this: the document goes back to its author as returned, and
    whatever it decided is undone. If something has moved on since (a pair ended, the replaced
    mentor's successor replaced too), nothing is undone and the director is told why."""
    registration = _open_registration(registration, by, on=on or timezone.localdate())
    if not reason.strip():
        raise ValidationError(_("Say why the registration is contested."))
    document = Document.objects.select_for_update(of=("self",)).get(pk=registration.document_id)
    if document.corrections.exists():
        raise ValidationError(_("A correction of this document has been drafted: it cannot be contested any more."))
    note = _("The paper original of order No. %(number)s was contested by the director: %(reason)s") % {
        "number": document.number,
        "reason": reason.strip(),
    }
    UNDO.get(document.type, _nothing)(document, registration, by, note)
    comment = _("The registration of the paper original was contested by the director: %(reason)s") % {
        "reason": reason.strip()
    }
    # A signed document never changes (Document.save); this is the one way back, and only for a
    # registration the director contests in time. The scan stays with the registration.
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RETURNED,
        return_comment=comment,
        pdf="",
        published_pdf="",
        sha256="",
        signed_by=None,
        signed_at=None,
        signed_on_paper=False,
        party_signed_by=None,
        party_signed_at=None,
    )
    registration.contested_by, registration.contested_at = by, timezone.now()
    registration.contest_reason = reason.strip()
    registration.save(update_fields=["contested_by", "contested_at", "contest_reason"])
    record(
        actor=by,
        school=registration.school,
        action=AuditAction.CONTEST,
        obj=document,
        changes={"status": [DocumentStatus.SIGNED, DocumentStatus.RETURNED], "reason": [None, reason.strip()]},
    )
    events.announce("registration_contested", registration_id=registration.pk, by_id=getattr(by, "pk", None))


# --- undoing what a document decided -------------------------------------------------


def _nothing(document, registration, by, note) -> None:
    pass


def _undo_pairs(document, registration, by, note) -> None:
    for mentorship in document.mentorships.all():
        lifecycle.mentorship_revoke_approval(mentorship=mentorship, by=by, order_number=document.number, note=note)


def _undo_completion(document, registration, by, note) -> None:
    for mentorship in document.mentorships.all():
        lifecycle.mentorship_reopen(mentorship=mentorship, by=by, note=note)


def _undo_termination(document, registration, by, note) -> None:
    for mentorship in document.mentorships.all():
        lifecycle.mentorship_resume(mentorship=mentorship, by=by, note=note)


def _undo_extension(document, registration, by, note) -> None:
    previous = registration.applied.get("previous_ends", {})
    for mentorship in document.mentorships.all():
        if str(mentorship.pk) in previous:
            lifecycle.extension_undo(
                mentorship=mentorship,
                by=by,
                previous_end=datetime.date.fromisoformat(previous[str(mentorship.pk)]),
                note=note,
            )


def _undo_replacement(document, registration, by, note) -> None:
    replacement = Replacement.objects.select_related("outgoing", "mentorship").get(pk=document.replacement_id)
    mentorship = replacement.mentorship
    incoming = Participant.objects.filter(
        mentorship=mentorship,
        person_id=replacement.incoming_id,
        role=Participant.Role.MENTOR,
        started_on=replacement.effective_on,
        ended_on__isnull=True,
    ).first()
    if replacement.state != Replacement.State.APPLIED or incoming is None:
        raise ValidationError(_("The mentor has changed again since this order: it cannot be undone."))
    incoming.delete()
    outgoing = replacement.outgoing
    outgoing.ended_on, outgoing.end_reason = None, ""
    outgoing.save(update_fields=["ended_on", "end_reason"])
    replacement.state, replacement.order_number, replacement.order_date = Replacement.State.AWAITING_ORDER, "", None
    replacement.save(update_fields=["state", "order_number", "order_date"])
    StatusChange.objects.create(
        mentorship=mentorship, from_status=mentorship.status, to_status=mentorship.status, by=by, note=note
    )


def _undo_curator(document, registration, by, note) -> None:
    if registration.applied.get("curator_role_granted"):
        role_revoke(user=document.person.user, role=Role.CURATOR, school=document.school)


UNDO = {
    DocumentType.ORDER_PAIRS: _undo_pairs,
    DocumentType.ORDER_COMPLETION: _undo_completion,
    DocumentType.ORDER_TERMINATION: _undo_termination,
    DocumentType.ORDER_EXTENSION: _undo_extension,
    DocumentType.ORDER_REPLACEMENT: _undo_replacement,
    DocumentType.ORDER_CURATOR: _undo_curator,
    DocumentType.ORDER_EXTERNAL_MENTOR: lambda document, registration, by, note: cross_school.mentor_order_undone(
        document, by, note
    ),
}


def appoint_curator(document: Document) -> dict:
    """The consequence of a curator's appointment, with what its undoing needs to know."""
    from accounts.memberships import roles_in

    user = document.person.user
    had_role = Role.CURATOR in roles_in(user, document.school)
    role_grant(user=user, role=Role.CURATOR, school=document.school)
    return {"curator_role_granted": not had_role}

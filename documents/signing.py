"""The life of a document: sent for signature, signed (in the browser or on paper), returned.

Signing freezes the PDF — stored, hashed, with who and when — and applies what the document
decides through the lower apps' own functions (a pair-fixing order approves its pairs, and so
on). Everything happens in one transaction: if a consequence is refused, nothing is signed.
"""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.lockouts import password_is_right
from documents.drafting import consent_kind
from documents.models import Document, DocumentStatus, DocumentType
from documents.printing import director_signed_pdf, document_pdf
from documents.regulation import publish_regulation
from mentoring import cross_school, lifecycle, replacement
from mentoring.models import Status as MentorshipStatus
from notifications import events
from signatures.records import record_signature


def send_for_signature(*, document: Document, by) -> None:
    if document.status not in (DocumentStatus.DRAFT, DocumentStatus.RETURNED):
        raise ValidationError(_("Only a draft or a returned document can be sent for signature."))
    _require_pairs_still_proposed(document)
    document.status = DocumentStatus.AWAITING_SIGNATURE
    document.return_comment = ""
    document.save(update_fields=["status", "return_comment"])
    if document.ready_for_director:
        events.announce("document_sent", document_id=document.pk, by_id=getattr(by, "pk", None))


def _require_pairs_still_proposed(document: Document) -> None:
    """A pair-fixing order goes to the director only with pairs she can still fix."""
    if document.type != DocumentType.ORDER_PAIRS:
        return
    stale = [m for m in document.mentorships.all() if m.status != MentorshipStatus.PROPOSED]
    if stale:
        raise ValidationError(
            [
                _("%(pair)s is no longer proposed (%(status)s): exclude it from the order.")
                % {"pair": mentorship, "status": mentorship.get_status_display()}
                for mentorship in stale
            ]
        )


def return_for_correction(*, document: Document, by, comment: str) -> None:
    if document.status != DocumentStatus.AWAITING_SIGNATURE:
        raise ValidationError(_("Only a document awaiting signature can be returned."))
    if not comment.strip():
        raise ValidationError(_("Say what to correct."))
    document.status = DocumentStatus.RETURNED
    document.return_comment = comment
    document.save(update_fields=["status", "return_comment"])
    events.announce("document_returned", document_id=document.pk, by_id=getattr(by, "pk", None))


def freeze(document: Document, pdf: bytes, *, by, on_paper: bool) -> None:
    """``by`` is the director who signed; a consent is its subject's, so it has none."""
    document.pdf.save(f"{document.pk}.pdf", ContentFile(pdf), save=False)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.signed_by = None if document.is_consent else by
    document.signed_at = timezone.now()
    document.signed_on_paper = on_paper
    document.save(
        update_fields=[
            "pdf",
            "sha256",
            "signed_by",
            "signed_at",
            "signed_on_paper",
            "status",
            "date",
            "party_signed_by",
            "party_signed_at",
            "consent",
        ]
    )


def awaiting_director(school):
    """What waits for the director's signature: not consents (their subjects sign them), and an
    agreement only once the employee has signed it."""
    return (
        Document.objects.for_school(school)
        .filter(status=DocumentStatus.AWAITING_SIGNATURE)
        .exclude(type__startswith="consent_")
        .exclude(type=DocumentType.CONTRACT_SUPPLEMENT, party_signed_at__isnull=True)
    )


def awaiting_party(user):
    """Documents waiting for this user's own signature: their consents and agreements."""
    if not user.is_authenticated:
        return Document.objects.none()
    return (
        Document.objects.filter(
            status=DocumentStatus.AWAITING_SIGNATURE, person__user=user, party_signed_at__isnull=True
        )
        .filter(type__in=PARTY_SIGNED_TYPES)
        .select_related("school")
        .order_by("date", "sequence")
    )


PARTY_SIGNED_TYPES = (
    DocumentType.CONSENT_PARTICIPATION,
    DocumentType.CONSENT_PERSONAL_DATA,
    DocumentType.CONSENT_PUBLICATION,
    DocumentType.CONSENT_MUNICIPAL,
    DocumentType.CONTRACT_SUPPLEMENT,
)


def is_party(user, document: Document) -> bool:
    """The user signs this document as its other party: the subject of a consent, the employee of
    an agreement. A guardian has no account here: their consent is signed on paper."""
    return (
        user.is_authenticated
        and document.type in PARTY_SIGNED_TYPES
        and document.person_id is not None
        and document.person.user_id == user.pk
    )


def _require_password(request, by, password: str) -> None:
    """A wrong signing password counts as a failed login of the signer from this address, and a
    locked-out login cannot sign (accounts.lockouts). Checked before the signing transaction, so
    that its refusal does not roll the count back."""
    if not password_is_right(request, by, password):
        raise ValidationError(_("The password is wrong: the document is not signed."))


def sign_as_party(*, document: Document, by, password: str, request=None) -> None:
    """The subject confirms their consent, or the employee signs the agreement, with a simple
    electronic signature: logged in as themself, re-entering the password, time recorded."""
    _require_password(request, by, password)
    _sign_as_party(document=document, by=by)


@transaction.atomic
def _sign_as_party(*, document: Document, by) -> None:
    document = Document.objects.select_for_update(of=("self",)).select_related("person", "school").get(pk=document.pk)
    if not is_party(by, document):
        raise ValidationError(_("Only the person this document is about signs it here."))
    if document.status != DocumentStatus.AWAITING_SIGNATURE or document.party_signed_at is not None:
        raise ValidationError(_("This document is not waiting for your signature."))
    document.party_signed_by = by
    document.party_signed_at = timezone.now()
    if not document.is_consent:
        document.save(update_fields=["party_signed_by", "party_signed_at"])
        events.announce(
            "document_sent", document_id=document.pk, by_id=getattr(by, "pk", None)
        )  # now it is the director's turn
        return
    document.status = DocumentStatus.SIGNED
    document.date = timezone.localdate()
    document.consent = record_consent(document, by=by)
    freeze(document, document_pdf(document, final=True), by=None, on_paper=False)


def record_consent(document: Document, *, by, scan: bytes | None = None):
    """The bank's consent that the signed document gives, from its day and for the term it states."""
    from people.models import Consent
    from people.services import consent_record

    context = document.context
    consent = Consent(
        person=document.person,
        kind=consent_kind(document),
        given_on=timezone.localdate(),
        valid_until=_parse_date(context.get("valid_until", "")),
        guardian_name=context.get("guardian_name", ""),
    )
    if scan is not None:
        consent.scan.save(f"{document.number}.pdf", ContentFile(scan), save=False)
    return consent_record(consent=consent, actor=by)


def _parse_date(text: str):
    try:
        return datetime.datetime.strptime(text, "%d.%m.%Y").date()  # noqa: DTZ007 — a calendar date
    except ValueError:
        return None


def sign(*, document: Document, by, password: str, request=None) -> None:
    """The director signs after re-entering their password; the PDF is rendered once and frozen."""
    _require_password(request, by, password)
    _sign(document=document, by=by)


@transaction.atomic
def _sign(*, document: Document, by) -> None:
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentStatus.AWAITING_SIGNATURE:
        raise ValidationError(_("Only a document awaiting signature can be signed."))
    if document.is_consent:
        raise ValidationError(_("A consent is signed by its subject, not by the director."))
    if document.type == DocumentType.CONTRACT_SUPPLEMENT and document.party_signed_at is None:
        raise ValidationError(
            _("The employee signs the agreement first (in the portal), or register the original signed on paper.")
        )
    document.status = DocumentStatus.SIGNED
    document.date = timezone.localdate()
    apply_consequences(document=document, by=by)
    pdf, certificate = director_signed_pdf(document, by=by)  # PAdES with the director's certificate
    freeze(document, pdf, by=by, on_paper=False)
    record_signature(document=document, certificate=certificate)
    publish_regulation(document)  # the Положение alone, for the public section
    signing_announcement(document, by=by)


def signing_announcement(document: Document, *, by) -> None:
    """Those the signed document concerns hear of it (a consent is its subject's own act)."""
    if not document.is_consent:
        events.announce("document_signed", document_id=document.pk, by_id=getattr(by, "pk", None))


def verify(document: Document) -> bool:
    """The stored PDF still has the hash recorded when it was signed."""
    if not document.pdf or not document.sha256:
        return False
    with document.pdf.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest() == document.sha256


# --- what signing decides -----------------------------------------------------------


def apply_consequences(*, document: Document, by) -> dict:
    """Applies what the signed document decides; returns what undoing it would need to know."""
    handler = CONSEQUENCES.get(document.type)
    return (handler(document, by) or {}) if handler is not None else {}


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


def _terminate(document: Document, by) -> None:
    """Each pair ends early on the day the curator proposed, never before the order's own date."""
    order = _("Order No. %(number)s of %(date)s") % {
        "number": document.number,
        "date": document.date.strftime("%d.%m.%Y"),
    }
    for mentorship in document.mentorships.all():
        if not mentorship.termination_proposed:
            raise ValidationError(
                _("%(pair)s has no early end waiting for an order (%(status)s): remove it from the order.")
                % {"pair": mentorship, "status": mentorship.get_status_display()}
            )
        note = "; ".join(part for part in (mentorship.termination_note, order) if part)
        lifecycle.mentorship_terminate(
            mentorship=mentorship,
            by=by,
            reason=mentorship.termination_reason,
            note=note,
            on=max(mentorship.termination_on, document.date),
        )


def _extend(document: Document, by) -> dict:
    """Each pair's term becomes the agreed one; the old ends are kept for undoing the order."""
    note = _("Term extended by order No. %(number)s of %(date)s") % {
        "number": document.number,
        "date": document.date.strftime("%d.%m.%Y"),
    }
    previous = {}
    for mentorship in document.mentorships.all():
        previous[str(mentorship.pk)] = lifecycle.extension_apply(mentorship=mentorship, by=by, note=note).isoformat()
    return {"previous_ends": previous}


def _replace(document: Document, by) -> None:
    replacement.replacement_apply(
        replacement=document.replacement, order_number=document.number, order_date=document.date, by=by
    )


def _appoint_curator(document: Document, by) -> dict:
    from documents.paper import appoint_curator

    return appoint_curator(document)


CONSEQUENCES = {
    DocumentType.ORDER_PAIRS: _fix_pairs,
    DocumentType.ORDER_COMPLETION: _complete,
    DocumentType.ORDER_TERMINATION: _terminate,
    DocumentType.ORDER_EXTENSION: _extend,
    DocumentType.ORDER_REPLACEMENT: _replace,
    DocumentType.ORDER_CURATOR: _appoint_curator,
    # The mentor's school's order for a pair across schools (issue 18): the host may then fix the pair.
    DocumentType.ORDER_EXTERNAL_MENTOR: lambda document, by: cross_school.mentor_order_signed(document, by),
}

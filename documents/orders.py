"""Which pairs already have an order on the way: one pair, one pending order at a time."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from documents.models import Document, DocumentStatus, DocumentType

# Not signed yet, but holding its pairs: the director may still sign it, or the curator resend it.
PENDING = (DocumentStatus.DRAFT, DocumentStatus.AWAITING_SIGNATURE, DocumentStatus.RETURNED)

# The orders a pair goes through, each moving it one step; a pair is in at most one pending order
# of each type at a time.
ORDERS_ABOUT_PAIRS = (
    DocumentType.ORDER_PAIRS,
    DocumentType.ORDER_COMPLETION,
    DocumentType.ORDER_TERMINATION,
    DocumentType.ORDER_EXTENSION,
)


def pending_orders(school, type: str = DocumentType.ORDER_PAIRS) -> QuerySet:
    return Document.objects.for_school(school).filter(type=type, status__in=PENDING)


def pending_orders_about_pairs(school) -> QuerySet:
    """The fixing and completion orders on their way, each once, oldest first."""
    return (
        Document.objects.for_school(school)
        .filter(type__in=ORDERS_ABOUT_PAIRS, status__in=PENDING, mentorships__isnull=False)
        .distinct()
        .order_by("date", "sequence")
    )


def mentorships_in_pending_orders(school, type: str = DocumentType.ORDER_PAIRS) -> QuerySet:
    """Primary keys of the school's mentorships held by a pending order of ``type``."""
    return pending_orders(school, type).filter(mentorships__isnull=False).values_list("mentorships", flat=True)


def pending_order_for(mentorship, type: str = DocumentType.ORDER_PAIRS) -> Document | None:
    return mentorship.documents.filter(type=type, status__in=PENDING).order_by("date", "sequence").first()


def completed_programs_without_order(school) -> QuerySet:
    """Active pairs whose program is completed and no pending completion order holds yet."""
    from mentoring.models import Mentorship, Status
    from programs.models import ProgramStatus

    return (
        Mentorship.objects.for_school(school)
        .filter(status=Status.ACTIVE, program__status=ProgramStatus.COMPLETED)
        .exclude(pk__in=mentorships_in_pending_orders(school, DocumentType.ORDER_COMPLETION))
    )


def terminations_without_order(school) -> QuerySet:
    """Pairs whose early end the curator proposed and no pending termination order holds yet."""
    from mentoring.models import FIXED, Mentorship

    return (
        Mentorship.objects.for_school(school)
        .filter(status__in=FIXED, termination_on__isnull=False)
        .exclude(pk__in=mentorships_in_pending_orders(school, DocumentType.ORDER_TERMINATION))
    )


def extensions_without_order(school) -> QuerySet:
    """Pairs whose agreed extension no pending extension order holds yet."""
    from mentoring.models import FIXED, Mentorship

    return (
        Mentorship.objects.for_school(school)
        .filter(status__in=FIXED, extension_to__isnull=False)
        .exclude(pk__in=mentorships_in_pending_orders(school, DocumentType.ORDER_EXTENSION))
    )


def proposed_without_order(school) -> QuerySet:
    """Proposed pairs no pending pair-fixing order holds yet: the curator's next order. A pair with a
    mentor from another school waits for that school's order first (mentoring.cross_school)."""
    from mentoring.cross_school import awaiting_mentor_order
    from mentoring.models import Mentorship, Status

    return (
        Mentorship.objects.for_school(school)
        .filter(status=Status.PROPOSED)
        .exclude(pk__in=mentorships_in_pending_orders(school))
        .exclude(pk__in=awaiting_mentor_order())
    )


@transaction.atomic
def exclude_pair(*, document: Document, mentorship_id: int, by) -> None:
    """Takes a pair out of an unsigned pair-fixing order; the order's text is drafted again
    without it and, if the director already had it, it comes back as a draft to be resent."""
    from documents.drafting import pairs_order_context
    from documents.services import request_preview

    document = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if document.type != DocumentType.ORDER_PAIRS:
        raise ValidationError(_("Pairs are excluded only from an order fixing pairs."))
    if document.status not in PENDING:
        raise ValidationError(_("The order is signed or withdrawn: its pairs no longer change."))
    remaining = [m for m in document.mentorships.order_by("pk") if m.pk != mentorship_id]
    if len(remaining) == document.mentorships.count():
        raise ValidationError(_("This pair is not in the order."))
    if not remaining:
        raise ValidationError(_("It is the order's only pair: withdraw the order instead."))
    excluded = document.mentorships.get(pk=mentorship_id)
    document.mentorships.set(remaining)
    document.context = {**document.context, **pairs_order_context(document.school, remaining)}
    document.status = DocumentStatus.DRAFT
    document.return_comment = ""
    document.save(update_fields=["context", "status", "return_comment"])
    request_preview(document)
    _note_on_pair(excluded, by, _("Excluded from the draft order No. %(number)s.") % {"number": document.number})


@transaction.atomic
def withdraw(*, document: Document, by, reason: str = "") -> None:
    """An unsigned document that will not be signed: its number stays, marked withdrawn, and its
    pairs may go into another order."""
    document = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if document.status not in PENDING:
        raise ValidationError(_("Only an unsigned document can be withdrawn."))
    document.status = DocumentStatus.WITHDRAWN
    document.return_comment = reason.strip()
    document.save(update_fields=["status", "return_comment"])
    for mentorship in document.mentorships.all():
        _note_on_pair(mentorship, by, _("The draft order No. %(number)s is withdrawn.") % {"number": document.number})


def _note_on_pair(mentorship, by, note: str) -> None:
    from mentoring.models import StatusChange

    StatusChange.objects.create(
        mentorship=mentorship, from_status=mentorship.status, to_status=mentorship.status, by=by, note=note
    )


def documents_about(mentorship) -> QuerySet:
    """Every document of the registry about the pair: its orders, its replacements', its agreements."""
    from django.db.models import Q

    return (
        Document.objects.filter(school_id=mentorship.school_id)
        .filter(Q(mentorships=mentorship) | Q(replacement__mentorship=mentorship) | Q(program__mentorship=mentorship))
        .distinct()
        .order_by("date", "sequence")
    )


def order_document(mentorship) -> Document | None:
    """The signed order that fixed the pair (None for a pair imported with a paper order)."""
    if not mentorship.order_number:
        return None
    return (
        mentorship.documents.filter(
            type=DocumentType.ORDER_PAIRS, status=DocumentStatus.SIGNED, number=mentorship.order_number
        )
        .order_by("-date")
        .first()
    )

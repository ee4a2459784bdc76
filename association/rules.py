"""The rules of the municipal methodical association: who may be a member, how meetings are
numbered, what a recommendation may name, how an expert review goes (requested → taken →
conclusion written). Views call these and show a refusal's message; nothing here checks
permissions (the views do, through accounts.permissions) except the municipality a row belongs to.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.memberships import forget_memberships
from accounts.models import Membership
from accounts.roles import Role
from accounts.services import role_grant, role_revoke
from association.models import ExpertReview, Meeting, Member, Recommendation, ReviewState, Subject
from audit.log import record
from audit.models import AuditAction
from documents.models import Document, DocumentStatus, DocumentType
from mentoring.models import FIXED, Mentorship
from people.services import academic_year_of
from programs.models import Program

CANDIDATES_SHOWN = 20


def _same(municipality, row) -> None:
    if municipality is None or row.municipality_id != municipality.pk:
        raise ValidationError(_("This belongs to another municipality."))


# --- members ---------------------------------------------------------------------------------


def staff_of(municipality):
    """Active users holding a role in a school of the municipality."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__school__municipality=municipality,
        )
        .distinct()
    )


def candidates(municipality, query: str):
    """Whom the coordinator may add: the municipality's school staff matching ``query`` by name,
    not members yet."""
    words = (query or "").split()
    if not words:
        return get_user_model().objects.none()
    found = staff_of(municipality).exclude(
        association_seats__municipality=municipality, association_seats__left_at__isnull=True
    )
    for word in words[:3]:
        matches = Q()
        # SQLite folds the case of ASCII letters only: «орлов» also looks for «Орлов».
        for variant in {word, word.lower(), word.capitalize()}:
            matches |= Q(last_name__icontains=variant) | Q(first_name__icontains=variant)
            matches |= Q(patronymic__icontains=variant)
        found = found.filter(matches)
    return found.order_by("last_name", "first_name", "pk")[:CANDIDATES_SHOWN]


def school_of_user(user, municipality):
    """The user's (first) school in the municipality: where the audit of their membership goes."""
    membership = (
        Membership.objects.filter(user=user, school__municipality=municipality).select_related("school").order_by("pk")
    ).first()
    return membership.school if membership else None


@transaction.atomic
def add_member(municipality, user, *, by) -> Member:
    """Adds the user (or takes back a member who left) and grants Role.MUNICIPAL_METHODIST."""
    school = school_of_user(user, municipality)
    if school is None or not user.is_active:
        raise ValidationError(_("Only the staff of the municipality's schools may be members of the association."))
    member = Member.objects.filter(municipality=municipality, user=user).first()
    if member is not None and member.left_at is None:
        raise ValidationError(_("%(person)s is a member already.") % {"person": user.get_full_name()})
    if member is None:
        member = Member.objects.create(municipality=municipality, user=user, added_by=by)
    else:
        member.left_at, member.added_by, member.is_chair = None, by, False
        member.save(update_fields=["left_at", "added_by", "is_chair"])
    role_grant(user=user, role=Role.MUNICIPAL_METHODIST, municipality=municipality)
    forget_memberships(user)
    record(
        actor=by,
        school=school,
        action=AuditAction.CREATE,
        obj=member,
        changes={"association": municipality.name, "role": Role.MUNICIPAL_METHODIST.value},
    )
    return member


@transaction.atomic
def remove_member(member: Member, *, municipality, by) -> None:
    """The member leaves: the role is revoked, the minutes keep them among those present."""
    _same(municipality, member)
    if member.left_at is not None:
        return
    user = member.user
    school = school_of_user(user, municipality)
    if school is not None:
        record(
            actor=by,
            school=school,
            action=AuditAction.DELETE,
            obj=member,
            changes={"association": municipality.name, "role": Role.MUNICIPAL_METHODIST.value},
        )
    member.left_at, member.is_chair = timezone.now(), False
    member.save(update_fields=["left_at", "is_chair"])
    role_revoke(user=user, role=Role.MUNICIPAL_METHODIST, municipality=municipality)
    forget_memberships(user)


@transaction.atomic
def set_chair(member: Member, *, municipality, by, chair: bool = True) -> Member:
    """Marks the member as the chair (the previous chair stops being one), or unmarks them."""
    _same(municipality, member)
    if member.left_at is not None:
        raise ValidationError(_("%(person)s is no longer a member.") % {"person": member.user.get_full_name()})
    if chair:
        Member.objects.filter(municipality=municipality, is_chair=True).exclude(pk=member.pk).update(is_chair=False)
    member.is_chair = chair
    member.save(update_fields=["is_chair"])
    school = school_of_user(member.user, municipality)
    if school is not None:
        record(actor=by, school=school, action=AuditAction.UPDATE, obj=member, changes={"is_chair": chair})
    return member


# --- meetings --------------------------------------------------------------------------------


def next_number(municipality, year: int) -> int:
    top = Meeting.objects.filter(municipality=municipality, year=year).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def record_meeting(meeting: Meeting, *, municipality, by, attendees=()) -> Meeting:
    """Saves a new meeting with the next number of its academic year (a concurrent one gets the
    following number), or an edited one (renumbered if its date moved it to another year)."""
    if meeting.held_on is None:
        raise ValidationError(_("Give the date of the meeting."))
    attendees = list(attendees)
    if any(m.municipality_id != municipality.pk for m in attendees):
        raise ValidationError(_("Only the association's members attend its meetings."))
    year = academic_year_of(meeting.held_on)
    meeting.municipality = municipality
    renumber = meeting.pk is None or meeting.year != year
    if meeting.pk is None:
        meeting.recorded_by = by
    for _attempt in range(3):
        if renumber:
            meeting.year, meeting.number = year, next_number(municipality, year)
        try:
            with transaction.atomic():
                meeting.save()
                meeting.attendees.set(attendees)
                return meeting
        except IntegrityError:
            if not renumber:
                raise
    raise ValidationError(_("The minutes could not be numbered; try again."))


# --- recommendations -------------------------------------------------------------------------


def fixed_pairs(municipality):
    """The pairs and groups fixed by an order in the municipality's schools: what a recommendation
    may name (the methodist has no school role: chosen via the municipality)."""
    return (
        Mentorship.objects.filter(school__municipality=municipality, status__in=FIXED)
        .select_related("school")
        .prefetch_related("participants__person")
        .order_by("school__short_name", "pk")
    )


def programs_of(municipality):
    return (
        Program.objects.filter(mentorship__school__municipality=municipality, mentorship__status__in=FIXED)
        .select_related("mentorship__school")
        .order_by("mentorship__school__short_name", "title", "pk")
    )


@transaction.atomic
def recommend(*, municipality, school, text: str, by, mentorship=None, program=None, meeting=None) -> Recommendation:
    from notifications.events import announce

    if school is None or school.municipality_id != municipality.pk:
        raise ValidationError(_("Choose a school of the municipality."))
    if not (text or "").strip():
        raise ValidationError(_("Write the recommendation."))
    if mentorship is not None and (mentorship.school_id != school.pk or mentorship.status not in FIXED):
        raise ValidationError(_("The pair named must be one of the school's pairs fixed by an order."))
    if program is not None:
        if program.mentorship.school_id != school.pk:
            raise ValidationError(_("The program named must be one of the school's programs."))
        if mentorship is not None and program.mentorship_id != mentorship.pk:
            raise ValidationError(_("The program named is not the program of the pair named."))
        mentorship = mentorship or program.mentorship
    if meeting is not None:
        _same(municipality, meeting)
    recommendation = Recommendation.objects.create(
        municipality=municipality,
        school=school,
        mentorship=mentorship,
        program=program,
        meeting=meeting,
        text=text.strip(),
        created_by=by,
    )
    announce("association_recommendation", by_id=getattr(by, "pk", None), recommendation_id=recommendation.pk)
    return recommendation


def mark_read(recommendation: Recommendation, *, by) -> bool:
    """The school's curator or director has read it: it leaves their to-do list. True if it was new."""
    return bool(
        Recommendation.objects.filter(pk=recommendation.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=by
        )
    )


def unread_recommendations(school):
    return Recommendation.objects.for_school(school).filter(read_at__isnull=True)


# --- expert review ---------------------------------------------------------------------------


def signed_regulation(school) -> Document | None:
    """The school's current Положение: its latest signed order approving the regulation."""
    return (
        Document.objects.for_school(school)
        .filter(type=DocumentType.ORDER_REGULATION, status=DocumentStatus.SIGNED)
        .order_by("-date", "-pk")
        .first()
    )


def open_reviews(school):
    return ExpertReview.objects.for_school(school).exclude(state=ReviewState.WRITTEN)


@transaction.atomic
def request_review(school, *, subject: str, by, program=None, note: str = "") -> ExpertReview:
    from notifications.events import announce

    if school.municipality_id is None:
        raise ValidationError(_("The school belongs to no municipality: there is no association to ask."))
    if subject == Subject.PROGRAM:
        if program is None or program.mentorship.school_id != school.pk:
            raise ValidationError(_("Choose one of the school's programs."))
        if open_reviews(school).filter(subject=Subject.PROGRAM, program=program).exists():
            raise ValidationError(_("This program is already awaiting a review."))
        document = None
    elif subject == Subject.REGULATION:
        program = None
        if open_reviews(school).filter(subject=Subject.REGULATION).exists():
            raise ValidationError(_("The regulation is already awaiting a review."))
        document = signed_regulation(school)
    else:
        raise ValidationError(_("Choose what to review."))
    review = ExpertReview.objects.create(
        municipality_id=school.municipality_id,
        school=school,
        subject=subject,
        program=program,
        document=document,
        request_note=(note or "").strip(),
        requested_by=by,
        requested_at=timezone.now(),
    )
    announce("review_requested", by_id=getattr(by, "pk", None), review_id=review.pk)
    return review


@transaction.atomic
def take(review: ExpertReview, *, municipality, by) -> ExpertReview:
    _same(municipality, review)
    taken = ExpertReview.objects.filter(pk=review.pk, state=ReviewState.REQUESTED).update(
        state=ReviewState.TAKEN, reviewer=by, taken_at=timezone.now()
    )
    if not taken:
        raise ValidationError(_("Another expert has taken this request already."))
    review.refresh_from_db()
    return review


@transaction.atomic
def write_conclusion(review: ExpertReview, *, municipality, by, verdict: str, conclusion: str) -> ExpertReview:
    from association.models import Verdict
    from notifications.events import announce

    _same(municipality, review)
    review = ExpertReview.objects.select_for_update().get(pk=review.pk)
    if review.state == ReviewState.WRITTEN:
        raise ValidationError(_("The conclusion is written already."))
    if review.state == ReviewState.TAKEN and review.reviewer_id != by.pk:
        raise ValidationError(_("Another expert is reviewing this request."))
    if verdict not in Verdict.values:
        raise ValidationError(_("Choose the verdict."))
    if not (conclusion or "").strip():
        raise ValidationError(_("Write the conclusion."))
    now = timezone.now()
    review.reviewer = by
    review.taken_at = review.taken_at or now
    review.verdict, review.conclusion = verdict, conclusion.strip()
    review.state, review.written_at = ReviewState.WRITTEN, now
    review.save()
    announce("review_written", by_id=by.pk, review_id=review.pk)
    return review


def mark_review_read(review: ExpertReview) -> None:
    ExpertReview.objects.filter(pk=review.pk, state=ReviewState.WRITTEN, read_at__isnull=True).update(
        read_at=timezone.now()
    )

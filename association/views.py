"""The municipal methodical association's pages (issue 18, item 5).

Municipal pages read only rows of request.municipality (another municipality's are a 404). The
school's pages (``school_*``) read only rows of request.school. The methodist has no school role:
he reads the Положение or the program under review only through the review (``review_subject``),
read-only and audited in the school's log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action
from accounts.scoping import get_for_municipality, get_for_school, require_municipality
from association import rules
from association.forms import ConclusionForm, MeetingForm, MemberSearchForm, RecommendationForm, ReviewRequestForm
from association.models import ExpertReview, Meeting, Member, Recommendation, ReviewState, Subject
from audit.log import record
from audit.models import AuditAction
from people.storage import private_file_response

RECENT = 20


def _school(request, action):
    if request.school is None or not request.user.has_perm(action, request.school):
        raise PermissionDenied
    return request.school


def _refused(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- the association at the municipality -----------------------------------------------------


def index(request):
    municipality = require_municipality(request, Action.VIEW_ASSOCIATION)
    return render(
        request,
        "association/index.html",
        {
            "municipality": municipality,
            "members": Member.objects.for_municipality(municipality).current().select_related("user"),
            "meetings": Meeting.objects.for_municipality(municipality)[:RECENT],
            "recommendations": Recommendation.objects.for_municipality(municipality).select_related(
                "school", "program", "meeting"
            )[:RECENT],
            "open_reviews": ExpertReview.objects.for_municipality(municipality)
            .exclude(state=ReviewState.WRITTEN)
            .count(),
            "may_manage": request.user.has_perm(Action.MANAGE_ASSOCIATION, municipality),
            "may_record": request.user.has_perm(Action.RECORD_ASSOCIATION_WORK, municipality),
        },
    )


def members(request):
    """The coordinator adds members (found by name among the municipality's school staff),
    removes them and marks the chair."""
    municipality = require_municipality(request, Action.MANAGE_ASSOCIATION)
    if request.method == "POST":
        from django.contrib.auth import get_user_model

        raw = request.POST.get("user", "")
        user = get_user_model().objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None
        if user is None or not rules.staff_of(municipality).filter(pk=user.pk).exists():
            messages.error(
                request, _("Only the staff of the municipality's schools may be members of the association.")
            )
        else:
            try:
                rules.add_member(municipality, user, by=request.user)
            except ValidationError as error:
                _refused(request, error)
            else:
                messages.success(
                    request, _("%(person)s is added to the association.") % {"person": user.get_full_name()}
                )
        return redirect("association:members")
    search = MemberSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    return render(
        request,
        "association/members.html",
        {
            "municipality": municipality,
            "members": Member.objects.for_municipality(municipality).current().select_related("user"),
            "query": query,
            "candidates": rules.candidates(municipality, query) if query else [],
        },
    )


def _member(request, pk) -> Member:
    return get_for_municipality(request, Member.objects.current().select_related("user"), pk=pk)


@require_POST
def member_remove(request, pk):
    municipality = require_municipality(request, Action.MANAGE_ASSOCIATION)
    member = _member(request, pk)
    name = member.user.get_full_name()
    rules.remove_member(member, municipality=municipality, by=request.user)
    messages.success(request, _("%(person)s is no longer a member of the association.") % {"person": name})
    return redirect("association:members")


@require_POST
def member_chair(request, pk):
    municipality = require_municipality(request, Action.MANAGE_ASSOCIATION)
    member = _member(request, pk)
    try:
        rules.set_chair(member, municipality=municipality, by=request.user, chair=request.POST.get("chair") == "1")
    except ValidationError as error:
        _refused(request, error)
    return redirect("association:members")


# --- meetings --------------------------------------------------------------------------------


def _meeting(request, pk) -> Meeting:
    return get_for_municipality(request, Meeting, pk=pk)


def meeting_form(request, pk=None):
    municipality = require_municipality(request, Action.RECORD_ASSOCIATION_WORK)
    meeting = _meeting(request, pk) if pk else None
    form = MeetingForm(request.POST or None, request.FILES or None, instance=meeting, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            saved = rules.record_meeting(
                form.save(commit=False),
                municipality=municipality,
                by=request.user,
                attendees=form.cleaned_data["attendees"],
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The minutes No. %(number)s are saved.") % {"number": saved.number})
            return redirect("association:meeting", pk=saved.pk)
    return render(request, "association/meeting_form.html", {"form": form, "meeting": meeting})


def meeting(request, pk):
    municipality = require_municipality(request, Action.VIEW_ASSOCIATION)
    found = _meeting(request, pk)
    return render(
        request,
        "association/meeting.html",
        {
            "meeting": found,
            "attendees": found.attendees.select_related("user"),
            "recommendations": found.recommendations.select_related("school", "program"),
            "may_record": request.user.has_perm(Action.RECORD_ASSOCIATION_WORK, municipality),
        },
    )


def meeting_file(request, pk):
    require_municipality(request, Action.VIEW_ASSOCIATION)
    found = _meeting(request, pk)
    if not found.minutes_file:
        raise Http404
    return private_file_response(found.minutes_file, f"protokol-{found.year}-{found.number}.pdf")


# --- recommendations -------------------------------------------------------------------------


def recommendation_new(request):
    municipality = require_municipality(request, Action.RECORD_ASSOCIATION_WORK)
    initial = {}
    if meeting_id := request.GET.get("meeting"):
        initial["meeting"] = Meeting.objects.for_municipality(municipality).filter(pk=meeting_id).first()
    form = RecommendationForm(request.POST or None, municipality=municipality, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rules.recommend(
                municipality=municipality,
                school=data["school"],
                mentorship=data["mentorship"],
                program=data["program"],
                meeting=data["meeting"],
                text=data["text"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The recommendation is sent to %(school)s.") % {"school": data["school"]})
            return redirect("association:index")
    return render(request, "association/recommendation_form.html", {"form": form})


# --- expert reviews at the municipality ------------------------------------------------------


def reviews(request):
    municipality = require_municipality(request, Action.VIEW_ASSOCIATION)
    return render(
        request,
        "association/reviews.html",
        {
            "reviews": ExpertReview.objects.for_municipality(municipality).select_related(
                "school", "program", "reviewer"
            ),
        },
    )


def _review(request, pk) -> ExpertReview:
    return get_for_municipality(
        request,
        ExpertReview.objects.select_related("school", "program", "document", "reviewer", "requested_by"),
        pk=pk,
    )


def review(request, pk):
    municipality = require_municipality(request, Action.VIEW_ASSOCIATION)
    found = _review(request, pk)
    may_write = request.user.has_perm(Action.WRITE_EXPERT_REVIEW, municipality)
    return render(
        request,
        "association/review.html",
        {
            "review": found,
            "may_read_subject": may_write,
            "may_take": may_write and found.state == ReviewState.REQUESTED,
            "may_write": may_write
            and (
                found.state == ReviewState.REQUESTED
                or (found.state == ReviewState.TAKEN and found.reviewer_id == request.user.pk)
            ),
            "form": ConclusionForm(instance=found) if may_write else None,
        },
    )


@require_POST
def review_take(request, pk):
    municipality = require_municipality(request, Action.WRITE_EXPERT_REVIEW)
    found = _review(request, pk)
    try:
        rules.take(found, municipality=municipality, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("You review this request now."))
    return redirect("association:review", pk=found.pk)


@require_POST
def review_write(request, pk):
    municipality = require_municipality(request, Action.WRITE_EXPERT_REVIEW)
    found = _review(request, pk)
    form = ConclusionForm(request.POST, instance=ExpertReview.objects.get(pk=found.pk))
    if not form.is_valid():
        messages.error(request, _("Choose the verdict and write the conclusion."))
        return render(
            request,
            "association/review.html",
            {"review": found, "may_read_subject": True, "may_write": True, "form": form},
            status=200,
        )
    try:
        rules.write_conclusion(
            found,
            municipality=municipality,
            by=request.user,
            verdict=form.cleaned_data["verdict"],
            conclusion=form.cleaned_data["conclusion"],
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The conclusion is sent to %(school)s.") % {"school": found.school})
    return redirect("association:review", pk=found.pk)


def review_subject(request, pk):
    """The Положение or the program under review, read-only, for the experts; audited in the
    school's log (the methodist has no school role and never opens the school's own pages)."""
    from documents.regulation import REGULATION, published_file, sample_context, template_html

    require_municipality(request, Action.WRITE_EXPERT_REVIEW)
    found = _review(request, pk)
    if found.subject == Subject.PROGRAM:
        program = found.program
        if program is None:
            raise Http404
        record(
            actor=request.user,
            school=found.school,
            action=AuditAction.VIEW,
            obj=program,
            changes={"expert_review": found.pk},
        )
        from programs.models import Program

        program = (
            Program.objects.select_related("mentorship")
            .prefetch_related("stages", "items", "deficits", Prefetch("mentorship__participants"))
            .get(pk=program.pk)
        )
        return render(request, "association/review_program.html", {"review": found, "program": program})
    document = found.document
    record(
        actor=request.user,
        school=found.school,
        action=AuditAction.VIEW,
        obj=document or found.school,
        changes={"expert_review": found.pk, "regulation": "signed" if document else "current text"},
    )
    if document is not None:
        published = published_file(document)
        if published:
            return private_file_response(published, f"polozhenie-{found.school.slug}.pdf")
    return HttpResponse(template_html(found.school, REGULATION, sample_context(found.school)))


# --- the school's side -----------------------------------------------------------------------


def school_index(request):
    """The school's recommendations and expert reviews; the curator or director asks for a review."""
    school = _school(request, Action.VIEW_EXPERT_REVIEWS)
    may_read = request.user.has_perm(Action.READ_RECOMMENDATIONS, school)
    may_request = request.user.has_perm(Action.REQUEST_EXPERT_REVIEW, school) and school.municipality_id
    return render(
        request,
        "association/school.html",
        {
            "recommendations": Recommendation.objects.for_school(school).select_related(
                "mentorship", "program", "meeting"
            )
            if may_read
            else None,
            "reviews": ExpertReview.objects.for_school(school).select_related("program", "document"),
            "may_read": may_read,
            "form": ReviewRequestForm(school=school) if may_request else None,
            "regulation": rules.signed_regulation(school),
        },
    )


@require_POST
def school_recommendation_read(request, pk):
    _school(request, Action.READ_RECOMMENDATIONS)
    found = get_for_school(request, Recommendation, pk=pk)
    rules.mark_read(found, by=request.user)
    return redirect("association:school")


@require_POST
def school_review_request(request):
    school = _school(request, Action.REQUEST_EXPERT_REVIEW)
    form = ReviewRequestForm(request.POST, school=school)
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = rules.request_review(
                school, subject=data["subject"], program=data["program"], note=data["note"], by=request.user
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The request is sent to the methodical association."))
            return redirect("association:school_review", pk=made.pk)
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("association:school")


def school_review(request, pk):
    school = _school(request, Action.VIEW_EXPERT_REVIEWS)
    found = get_for_school(request, ExpertReview.objects.select_related("program", "document", "reviewer"), pk=pk)
    if found.state == ReviewState.WRITTEN and request.user.has_perm(Action.READ_RECOMMENDATIONS, school):
        rules.mark_review_read(found)
    return render(request, "association/school_review.html", {"review": found, "back": reverse("association:school")})

"""The schools' roadmaps at the municipality (issue 18, item 4; seed 004 §III.6): each school's
execution side by side, and the coordinator's approval of the roadmaps sent. Everything is of
request.municipality: a roadmap of another municipality's school is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action
from accounts.scoping import get_for_municipality, require_municipality
from monitoring import roadmap_approval
from monitoring.models import RoadmapSubmission, SubmissionState
from people.services import academic_year_of


def _year(request) -> int:
    current = academic_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= current + 1:
        raise Http404
    return year


def roadmaps(request):
    """Each school's roadmap of the year: the state of its approval and its events planned, held,
    overdue, moved and cancelled; the roadmaps waiting for the coordinator on top."""
    municipality = require_municipality(request, Action.VIEW_MUNICIPAL_ROADMAPS)
    year = _year(request)
    today = timezone.localdate()
    schools = roadmap_approval.execution(municipality, year, today)
    current = academic_year_of(today)
    return render(
        request,
        "municipal/roadmap_list.html",
        {
            "municipality": municipality,
            "year": year,
            "years": range(current - 4, current + 2),
            "schools": schools,
            "states": dict(SubmissionState.choices),
            "awaiting": list(roadmap_approval.awaiting(municipality)),
            "may_review": request.user.has_perm(Action.REVIEW_ROADMAPS, municipality),
            "today": today,
        },
    )


def _submission(request, pk) -> RoadmapSubmission:
    return get_for_municipality(
        request, RoadmapSubmission.objects.select_related("school", "sent_by", "reviewed_by"), pk=pk
    )


def submission(request, pk):
    """One sending of a school's roadmap: its events as sent, the earlier sendings of the year,
    and the coordinator's decision."""
    municipality = require_municipality(request, Action.VIEW_MUNICIPAL_ROADMAPS)
    sent = _submission(request, pk)
    events = roadmap_approval.as_rows(sent.events)
    return render(
        request,
        "municipal/roadmap_submission.html",
        {
            "submission": sent,
            "events": events,
            "history": roadmap_approval.history(sent.school, sent.year).exclude(pk=sent.pk),
            "may_review": sent.state == SubmissionState.SENT
            and request.user.has_perm(Action.REVIEW_ROADMAPS, municipality),
        },
    )


@require_POST
def review(request, pk):
    """The coordinator approves the roadmap, or returns it with a comment (required)."""
    municipality = require_municipality(request, Action.REVIEW_ROADMAPS)
    sent = _submission(request, pk)
    decision, comment = request.POST.get("decision", ""), request.POST.get("comment", "")
    try:
        if decision == "approve":
            roadmap_approval.approve(sent, municipality=municipality, by=request.user, comment=comment)
            messages.success(request, _("The roadmap of %(school)s is approved.") % {"school": sent.school})
        elif decision == "return":
            roadmap_approval.return_for_correction(sent, municipality=municipality, by=request.user, comment=comment)
            messages.success(
                request, _("The roadmap of %(school)s is returned for correction.") % {"school": sent.school}
            )
        else:
            messages.error(request, _("Choose whether to approve the roadmap or to return it."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("municipal:roadmap_submission", kwargs={"pk": sent.pk}))

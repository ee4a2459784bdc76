"""Participants' requests in the browser: the mentor or mentee writes one from the pair's page,
the curator (or the director) answers it from the list of requests."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.feedback import show_errors, show_form_errors
from accounts.permissions import Action
from accounts.scoping import get_for_school
from mentoring import notice, petitions
from mentoring.forms import PetitionAnswerForm, PetitionForm
from mentoring.models import Mentorship, Participant, Petition
from mentoring.selectors import with_people


def _require(request, action, obj=None):
    if request.school is None or not request.user.has_perm(action, obj if obj is not None else request.school):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def petition_new(request, pk):
    mentorship = get_for_school(request, with_people(Mentorship.objects.all()), pk=pk)
    _require(request, Action.SUBMIT_PETITION, mentorship)
    participant = petitions.current_participation(request.user, mentorship)
    problems = petitions.submission_problems(participant, mentorship)
    form = PetitionForm(request.POST or None, participant=participant) if participant else None
    if request.method == "POST" and form is not None and not problems and form.is_valid():
        data = form.cleaned_data
        try:
            petitions.petition_submit(
                mentorship=mentorship,
                by=request.user,
                kind=data["kind"],
                reason=data["reason"],
                comment=data["comment"],
            )
        except ValidationError as error:
            show_form_errors(form, error)
        else:
            messages.success(request, _("Your request is sent to the curator and the director."))
            return redirect("mentoring:detail", pk=mentorship.pk)
    today = timezone.localdate()
    context = {
        "mentorship": mentorship,
        "form": form,
        "problems": problems,
        "is_mentor": participant is not None and participant.role == Participant.Role.MENTOR,
        "earliest_end": notice.earliest_end(today),
        "today": today,
    }
    return render(request, "mentoring/petition_form.html", context)


def petition_list(request):
    _require(request, Action.ANSWER_PETITIONS)
    rows = (
        Petition.objects.for_school(request.school)
        .select_related("mentorship", "participant__person", "answered_by", "replacement")
        .order_by("-created_at", "-pk")
    )
    open_rows = [p for p in rows if p.is_open]
    context = {
        "open_petitions": open_rows,
        "awaiting_step": petitions.accepted_awaiting_step(request.school),
        "answered": [p for p in rows if not p.is_open][:50],
        "answer_form": PetitionAnswerForm(),
    }
    return render(request, "mentoring/petitions.html", context)


@require_POST
def petition_answer(request, pk):
    _require(request, Action.ANSWER_PETITIONS)
    petition = get_for_school(request, Petition.objects.select_related("mentorship", "participant"), pk=pk)
    form = PetitionAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to refuse the request."))
        return redirect("mentoring:petitions")
    decision, answer = form.cleaned_data["decision"], form.cleaned_data["answer"]
    try:
        if decision == "accept":
            petitions.petition_accept(petition=petition, by=request.user, answer=answer)
        else:
            petitions.petition_refuse(petition=petition, by=request.user, answer=answer)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("mentoring:petitions")
    if decision == "refuse":
        messages.success(request, _("The request is refused; the requester is told why."))
        return redirect("mentoring:petitions")
    messages.success(request, _("The request is accepted. Now record the next step: it takes effect by order."))
    return redirect(reverse("mentoring:detail", kwargs={"pk": petition.mentorship_id}) + "#actions-heading")


@require_POST
def petition_withdraw(request, pk):
    petition = get_for_school(request, Petition.objects.select_related("mentorship", "participant__person"), pk=pk)
    _require(request, Action.SUBMIT_PETITION, petition.mentorship)
    try:
        petitions.petition_withdraw(petition=petition, by=request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("mentoring:detail", pk=petition.mentorship_id)

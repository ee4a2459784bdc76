from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.permissions import Action
from accounts.scoping import get_for_school
from mentoring.models import Mentorship
from mentoring.selectors import with_people
from surveys import builder
from surveys.answering import already_answered_message, invitation_by_token, submit
from surveys.catalog import READY_TEMPLATES
from surveys.forms import AnswerForm, QuestionForm, SendForm, SurveyForm
from surveys.models import ANONYMITY_THRESHOLD, Question, Survey
from surveys.selectors import (
    competence_comparison,
    invitations_by_mentorship,
    mentorships_with_responses,
    response_rate,
    survey_results,
    surveys_with_counts,
)
from surveys.sending import ANY_SENDABLE, invite


def _require(request, action, obj=None):
    target = obj if obj is not None else request.school
    if request.school is None or not request.user.has_perm(action, target):
        raise PermissionDenied


def _survey_for(request, pk, action=Action.MANAGE_SURVEYS) -> Survey:
    survey = get_for_school(request, Survey.objects.select_related("school"), pk=pk)
    _require(request, action, survey)
    return survey


def _question_for(request, pk) -> Question:
    question = get_for_school(request, Question.objects.select_related("survey__school"), pk=pk)
    _require(request, Action.MANAGE_SURVEYS, question.survey)
    return question


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def answer_url(invitation) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("survey_answer", kwargs={"token": invitation.token})


# --- the list and the builder ---------------------------------------------------------


def survey_list(request):
    may_manage = request.school is not None and request.user.has_perm(Action.MANAGE_SURVEYS, request.school)
    if not may_manage:
        _require(request, Action.VIEW_SURVEY_RESULTS)
    return render(
        request,
        "surveys/list.html",
        {
            "surveys": surveys_with_counts(request.school),
            "templates": READY_TEMPLATES,
            "may_manage": may_manage,
        },
    )


@require_POST
def from_template(request):
    _require(request, Action.MANAGE_SURVEYS)
    try:
        survey = builder.survey_from_template(school=request.school, key=request.POST.get("key", ""), by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("surveys:list")
    messages.success(request, _("The survey is created from the template. Adapt its questions before sending it."))
    return redirect("surveys:detail", pk=survey.pk)


def survey_create(request):
    _require(request, Action.MANAGE_SURVEYS)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = builder.survey_create(school=request.school, by=request.user, **form.cleaned_data)
        messages.success(request, _("The survey is created. Add its questions."))
        return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/form.html", {"form": form, "title": _("New survey")})


def survey_detail(request, pk):
    survey = _survey_for(request, pk)
    groups = invitations_by_mentorship(survey)
    links = [(mentorship, [(i, answer_url(i)) for i in invitations]) for mentorship, invitations in groups]
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": survey.questions.all(),
            "locked": builder.is_locked(survey),
            "links": links,
            "rate": response_rate(survey),
        },
    )


def survey_edit(request, pk):
    survey = _survey_for(request, pk)
    locked = builder.is_locked(survey)
    form = SurveyForm(request.POST or None, instance=survey, locked=locked)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data if not form.fields[name].disabled}
        survey.refresh_from_db()
        try:
            builder.survey_update(survey=survey, by=request.user, **changed)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The survey is saved."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/form.html", {"form": form, "title": survey.title, "survey": survey})


@require_POST
def survey_copy(request, pk):
    survey = _survey_for(request, pk)
    copy = builder.survey_copy(survey=survey, by=request.user)
    messages.success(request, _("This is a copy: its questions can be changed."))
    return redirect("surveys:detail", pk=copy.pk)


@require_POST
def survey_delete(request, pk):
    survey = _survey_for(request, pk)
    try:
        builder.survey_delete(survey=survey, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("surveys:detail", pk=pk)
    messages.success(request, _("The survey is deleted."))
    return redirect("surveys:list")


def question_add(request, pk):
    survey = _survey_for(request, pk)
    return _question_form(request, survey, Question(survey=survey), _("New question"))


def question_edit(request, pk):
    question = _question_for(request, pk)
    return _question_form(request, question.survey, question, _("Question %(number)s") % {"number": question.position})


def _question_form(request, survey, question, title):
    if builder.is_locked(survey):
        messages.error(request, builder.locked_message())
        return redirect("surveys:detail", pk=survey.pk)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            builder.question_save(question=form.instance, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/form.html", {"form": form, "title": title, "survey": survey})


@require_POST
def question_delete(request, pk):
    question = _question_for(request, pk)
    try:
        builder.question_delete(question=question, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The question is deleted."))
    return redirect("surveys:detail", pk=question.survey_id)


@require_POST
def question_move(request, pk):
    question = _question_for(request, pk)
    try:
        builder.question_move(question=question, by=request.user, up=request.POST.get("direction") == "up")
    except ValidationError as error:
        _errors(request, error)
    return redirect(reverse("surveys:detail", kwargs={"pk": question.survey_id}) + f"#question-{question.pk}")


# --- sending --------------------------------------------------------------------------


def send(request):
    _require(request, Action.MANAGE_SURVEYS)
    surveys = Survey.objects.for_school(request.school).filter(questions__isnull=False).distinct()
    mentorships = with_people(Mentorship.objects.for_school(request.school).filter(status__in=ANY_SENDABLE))
    initial = {"survey": request.GET.get("survey")} if request.GET.get("survey", "").isdigit() else None
    form = SendForm(request.POST or None, surveys=surveys, mentorships=mentorships, initial=initial)
    if request.method == "POST" and form.is_valid():
        survey = form.cleaned_data["survey"]
        sent, people = 0, 0
        for mentorship in form.cleaned_data["mentorships"]:
            try:
                invitations = invite(survey=survey, mentorship=mentorship, by=request.user)
            except ValidationError as error:
                _errors(request, error)
            else:
                sent += 1
                people += len(invitations)
        if sent:
            messages.success(
                request,
                _("Personal links are ready for %(people)s participants of %(pairs)s pairs and groups.")
                % {"people": people, "pairs": sent},
            )
        return redirect(reverse("surveys:detail", kwargs={"pk": survey.pk}) + "#links")
    return render(request, "surveys/send.html", {"form": form})


# --- results --------------------------------------------------------------------------


def results(request, pk):
    survey = _survey_for(request, pk, Action.VIEW_SURVEY_RESULTS)
    choices = list(mentorships_with_responses(request.school)) if not survey.anonymous else []
    chosen = next((m for m in choices if str(m.pk) == request.GET.get("mentorship")), None)
    comparisons = [
        (role, competence_comparison(school=request.school, role=role, mentorship=chosen)) for role in survey.roles
    ]
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "rate": response_rate(survey),
            "results": survey_results(survey),
            "threshold": ANONYMITY_THRESHOLD,
            "comparisons": [(role, rows) for role, rows in comparisons if rows],
            "mentorship_choices": choices,
            "chosen_mentorship": chosen,
            "may_manage": request.user.has_perm(Action.MANAGE_SURVEYS, survey),
        },
    )


# --- answering through a personal link ------------------------------------------------


@login_not_required
@never_cache
def answer(request, token):
    invitation = invitation_by_token(token)
    if invitation is None:
        raise Http404
    survey = invitation.survey
    if invitation.answered:
        if request.method == "POST":
            context = {"survey": survey, "refusal": already_answered_message(invitation)}
            return render(request, "surveys/answered.html", context, status=409)
        return render(request, "surveys/answered.html", {"survey": survey})
    questions = list(survey.questions.all())
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            submit(invitation=invitation, values=form.values())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect("survey_answer", token=token)
    return render(request, "surveys/answer.html", {"survey": survey, "form": form})

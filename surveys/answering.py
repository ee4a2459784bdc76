"""Answering through a personal link: once, completely, and anonymously where the survey says so.

For an anonymous survey the response keeps only the survey and its period, the academic year
the link was sent in (which the invitation shows anyway): no invitation, pair, role or time;
and the invitation keeps only that it was answered. So the curator sees who has answered but
never which answers are whose. Nothing else is written on answering (no audit entry, no
notification), so no other table can pair a person with the moment of their answer.
"""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys.models import Answer, Invitation, QuestionKind, Response, Survey, academic_year_of


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("survey__school").filter(token=token).first()


def already_answered_message(invitation: Invitation) -> str:
    if invitation.answered_at is None:
        return _("This link has already been used: the answers were received and cannot be changed.")
    local = timezone.localtime(invitation.answered_at, zoneinfo.ZoneInfo(invitation.survey.school.time_zone))
    return _("This link has already been used: the answers were received on %(date)s and cannot be changed.") % {
        "date": local.strftime("%d.%m.%Y")
    }


def answer_problems(questions, values: dict) -> dict[int, str]:
    """What is missing or malformed, by question id. ``values`` maps a question id to its value:
    an int for the scale, a list of option texts for a choice, a string for free text."""
    problems = {}
    for question in questions:
        value = values.get(question.pk)
        if question.kind == QuestionKind.LIKERT:
            if value not in (1, 2, 3, 4, 5):
                problems[question.pk] = _("Choose a value from 1 to 5.")
        elif question.kind == QuestionKind.SINGLE:
            if not value or len(value) != 1 or value[0] not in question.choices:
                problems[question.pk] = _("Choose one option.")
        elif question.kind == QuestionKind.MULTIPLE and (
            not value or any(choice not in question.choices for choice in value)
        ):
            problems[question.pk] = _("Choose at least one option.")
    return problems


@transaction.atomic
def submit(*, invitation: Invitation, values: dict, at: datetime.datetime | None = None) -> Response:
    """Stores the answers of one invitation; refuses a second submission, changing nothing."""
    at = at or timezone.now()
    # The survey's row lock keeps the builder from changing questions while answers are stored.
    survey = Survey.objects.select_for_update(of=("self",)).select_related("school").get(pk=invitation.survey_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.survey = survey
    if invitation.answered:
        raise ValidationError(already_answered_message(invitation))
    questions = list(survey.questions.all())
    problems = answer_problems(questions, values)
    if problems:
        raise ValidationError(list(problems.values()))
    zone = zoneinfo.ZoneInfo(survey.school.time_zone)
    if survey.anonymous:
        response = Response.objects.create(
            survey=survey, academic_year=academic_year_of(timezone.localtime(invitation.created_at, zone).date())
        )
    else:
        response = Response.objects.create(
            survey=survey,
            invitation=invitation,
            mentorship_id=invitation.mentorship_id,
            respondent_role=invitation.role,
            academic_year=academic_year_of(timezone.localtime(at, zone).date()),
            submitted_at=at,
        )
    Answer.objects.bulk_create(_answer(response, question, values.get(question.pk)) for question in questions)
    invitation.answered = True
    invitation.answered_at = None if survey.anonymous else at
    invitation.save(update_fields=["answered", "answered_at"])
    return response


def _answer(response, question, value) -> Answer:
    if question.kind == QuestionKind.LIKERT:
        return Answer(response=response, question=question, likert=value)
    if question.kind == QuestionKind.TEXT:
        return Answer(response=response, question=question, text=(value or "").strip())
    return Answer(response=response, question=question, choices=list(value))

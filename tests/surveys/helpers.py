"""Ready surveys, pairs and answers for the survey tests."""

import datetime
import zoneinfo

from django.utils import translation
from django.utils.translation import gettext

from people.models import MenteeProfile, MentorProfile, Person
from surveys import answering, builder, sending
from surveys.models import Answer, QuestionKind, Response, academic_year_of
from tests.mentoring.helpers import with_consents
from tests.programs.helpers import running_mentorship

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def ru(msgid: str) -> str:
    """What a Russian page shows for a UI string (its translation once the catalogue has it)."""
    with translation.override("ru"):
        return gettext(msgid)


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=MOSCOW)


def own_mentorship(cast):
    """An active pair of the cast's mentor (Смирнов) and mentee (Васильева), both with accounts."""
    mentor_person = Person.objects.get(user=cast.mentor)
    mentee_person = Person.objects.get(user=cast.mentee)
    MentorProfile.objects.get_or_create(person=mentor_person)
    MenteeProfile.objects.get_or_create(person=mentee_person)
    with_consents(mentor_person, "personal_data", "mentor")
    with_consents(mentee_person, "personal_data", "mentee")
    return running_mentorship(cast, mentor_person=mentor_person, mentee_person=mentee_person)


def survey_from(school, key="mentee_exit", **changes):
    survey = builder.survey_from_template(school=school, key=key, by=None)
    for name, value in changes.items():
        setattr(survey, name, value)
    survey.save()
    return survey


def sample_values(survey, likert=5, text="Помогли разборы уроков") -> dict:
    """Valid answers to every question of the survey, as ``answering.submit`` takes them."""
    values = {}
    for question in survey.questions.all():
        if question.kind == QuestionKind.LIKERT:
            values[question.pk] = likert(question) if callable(likert) else likert
        elif question.kind == QuestionKind.SINGLE:
            values[question.pk] = [question.choices[0]]
        elif question.kind == QuestionKind.MULTIPLE:
            values[question.pk] = question.choices[:2]
        else:
            values[question.pk] = text
    return values


def form_data(survey, likert="5", text="Помогли разборы уроков") -> dict:
    """The same as the answer page's POST."""
    data = {}
    for question in survey.questions.all():
        name = f"q{question.pk}"
        if question.kind == QuestionKind.LIKERT:
            data[name] = likert
        elif question.kind == QuestionKind.SINGLE:
            data[name] = "0"
        elif question.kind == QuestionKind.MULTIPLE:
            data[name] = ["0", "1"]
        else:
            data[name] = text
    return data


def invitation_of(survey, mentorship, role="mentee"):
    return next(i for i in sending.invite(survey=survey, mentorship=mentorship, by=None) if i.role == role)


def answer_through_link(survey, mentorship, *, role="mentee", likert=5, when=None):
    invitation = invitation_of(survey, mentorship, role)
    return answering.submit(invitation=invitation, values=sample_values(survey, likert=likert), at=when)


def crafted_response(survey, *, role="mentee", overall=None, competences=None, when=None):
    """A response written straight to the tables, for selector tests that need many of them."""
    when = when or at(2027, 5, 20, 12, 0)
    response = Response.objects.create(
        survey=survey,
        respondent_role=role,
        academic_year=academic_year_of(when.astimezone(MOSCOW).date()),
        submitted_at=when,
    )
    competences = competences or {}
    answers = []
    for question in survey.questions.all():
        if question.is_overall_satisfaction and overall is not None:
            answers.append(Answer(response=response, question=question, likert=overall))
        elif question.competence in competences:
            answers.append(Answer(response=response, question=question, likert=competences[question.competence]))
    Answer.objects.bulk_create(answers)
    return response

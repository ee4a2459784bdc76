"""Building a survey: from a ready template or from scratch, its questions, and their lock.

Once the first answer arrives, the questions and the settings that give the answers their
meaning (stage, audience, anonymity) are locked, so results never mix two versions of a
question; a copy of the survey can be changed instead. Functions take keyword arguments,
raise ``ValidationError`` with the reasons in words, and otherwise write.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from surveys.catalog import BY_KEY
from surveys.models import Question, QuestionKind, Survey

CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
LOCKED_SETTINGS = ("stage", "audience", "anonymous")


def is_locked(survey: Survey) -> bool:
    return survey.responses.exists()


def locked_message() -> str:
    return _(
        "Answers to this survey have already arrived, so its questions can no longer be changed. "
        "Make a copy of the survey to change them."
    )


def _lock(survey: Survey) -> Survey:
    """Reads the survey again under a row lock, so an answer cannot slip in while it changes."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if is_locked(survey):
        raise ValidationError(locked_message())
    return survey


# --- surveys ------------------------------------------------------------------------


@transaction.atomic
def survey_from_template(*, school, key: str, by) -> Survey:
    template = BY_KEY.get(key)
    if template is None:
        raise ValidationError(_("There is no such ready template."))
    survey = Survey.objects.create(
        school=school,
        title=template.title,
        description=template.description,
        stage=template.stage,
        audience=template.audience,
        is_template=True,
        template_key=key,
        created_by=by,
    )
    Question.objects.bulk_create(
        Question(
            survey=survey,
            position=number,
            text=question.text,
            kind=question.kind,
            choices=list(question.choices),
            competence=question.competence,
            is_overall_satisfaction=question.overall,
        )
        for number, question in enumerate(template.questions, start=1)
    )
    return survey


def survey_create(*, school, by, **fields) -> Survey:
    return Survey.objects.create(school=school, created_by=by, **fields)


@transaction.atomic
def survey_update(*, survey: Survey, by, **fields) -> Survey:
    if any(name in LOCKED_SETTINGS and getattr(survey, name) != value for name, value in fields.items()):
        _lock(survey)
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.save()
    return survey


@transaction.atomic
def survey_copy(*, survey: Survey, by) -> Survey:
    """An unlocked copy with the same questions and settings, for changes after answers arrived."""
    copy = Survey.objects.create(
        school=survey.school,
        title=_("%(title)s (copy)") % {"title": survey.title},
        description=survey.description,
        stage=survey.stage,
        audience=survey.audience,
        anonymous=survey.anonymous,
        is_template=survey.is_template,
        template_key=survey.template_key,
        created_by=by,
    )
    Question.objects.bulk_create(
        Question(
            survey=copy,
            position=question.position,
            text=question.text,
            kind=question.kind,
            choices=question.choices,
            competence=question.competence,
            is_overall_satisfaction=question.is_overall_satisfaction,
        )
        for question in survey.questions.all()
    )
    return copy


@transaction.atomic
def survey_delete(*, survey: Survey, by) -> None:
    _lock(survey).delete()


# --- questions ----------------------------------------------------------------------


def clean_choices(lines) -> list[str]:
    return [line.strip() for line in lines if line and line.strip()]


def question_problems(question: Question) -> list[str]:
    problems = []
    if question.kind in CHOICE_KINDS:
        if len(question.choices) < 2:
            problems.append(_("Give at least two options, one per line."))
        elif len({choice.casefold() for choice in question.choices}) < len(question.choices):
            problems.append(_("The options repeat: each must be different."))
    if question.competence and question.kind != QuestionKind.LIKERT:
        problems.append(_("Only a question on the scale from 1 to 5 can measure a competence."))
    if question.is_overall_satisfaction:
        if question.kind != QuestionKind.LIKERT:
            problems.append(_("Only a question on the scale from 1 to 5 can be the overall satisfaction question."))
        other = (
            Question.objects.filter(survey_id=question.survey_id, is_overall_satisfaction=True)
            .exclude(pk=question.pk)
            .first()
        )
        if other is not None:
            problems.append(
                _("The survey already has an overall satisfaction question: «%(text)s».") % {"text": other.text}
            )
    return problems


@transaction.atomic
def question_save(*, question: Question, by) -> Question:
    _lock(question.survey)
    question.choices = clean_choices(question.choices) if question.kind in CHOICE_KINDS else []
    problems = question_problems(question)
    if problems:
        raise ValidationError(problems)
    if question.pk is None:
        last = Question.objects.filter(survey_id=question.survey_id).aggregate(last=Max("position"))["last"]
        question.position = (last or 0) + 1
    question.save()
    return question


def _renumber(survey: Survey) -> None:
    questions = list(survey.questions.order_by("position", "pk"))
    for number, question in enumerate(questions, start=1):
        question.position = number
    Question.objects.bulk_update(questions, ["position"])


@transaction.atomic
def question_delete(*, question: Question, by) -> None:
    survey = _lock(question.survey)
    question.delete()
    _renumber(survey)


@transaction.atomic
def question_move(*, question: Question, by, up: bool) -> None:
    """Swaps the question with its neighbour above (``up``) or below."""
    survey = _lock(question.survey)
    _renumber(survey)
    questions = list(survey.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(questions):
        return
    questions[index].position, questions[other].position = questions[other].position, questions[index].position
    Question.objects.bulk_update([questions[index], questions[other]], ["position"])

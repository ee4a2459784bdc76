"""Reads for the survey pages and the school's indicators; each takes a fixed number of queries.

The indicators «mentee_satisfaction» and «mentor_satisfaction» of academic year Y are
``satisfaction(school=…, year=Y, role=…)``: respondents of the year's exit surveys who
answered 4 or 5 to the overall-satisfaction question, over all who answered it. A
respondent is a submitted response, since anonymous responses cannot be told apart.

An anonymous response stores no role: a survey for one role gives it its audience, and a
survey for mentors and mentees together has no breakdown by role. Anonymous answers go into
any figure only from surveys with ``ANONYMITY_THRESHOLD`` responses or more.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from mentoring.models import Mentorship, Participant
from surveys.models import (
    ANONYMITY_THRESHOLD,
    LIKERT_CHOICES,
    Answer,
    Competence,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStage,
)

SATISFIED = Q(likert__gte=4)


def anonymous_surveys_shown():
    """Anonymous surveys with enough responses for their answers to be shown or counted."""
    return (
        Survey.objects.filter(anonymous=True)
        .annotate(n=Count("responses"))
        .filter(n__gte=ANONYMITY_THRESHOLD)
        .values("pk")
    )


def of_role(role: str, prefix: str = "response__") -> Q:
    """Responses of one role: stored on a named one, the survey's single audience on an anonymous
    one; an anonymous response counts only once its survey has enough of them."""
    return Q(**{f"{prefix}respondent_role": role}) | Q(
        **{
            f"{prefix}respondent_role": "",
            f"{prefix}survey__anonymous": True,
            f"{prefix}survey__audience": role,
            f"{prefix}survey__in": anonymous_surveys_shown(),
        }
    )


def results_hidden(survey: Survey, responses: int | None = None) -> bool:
    """True while an anonymous survey has too few responses for its results to be shown."""
    if not survey.anonymous:
        return False
    if responses is None:
        responses = survey.responses.count()
    return responses < ANONYMITY_THRESHOLD


def exported_responses_filter(school) -> Q:
    """The responses a school export carries: all but those of an anonymous survey's academic year
    with fewer than ``ANONYMITY_THRESHOLD`` of them, which the year and the links sent that year
    would pair with people (the year is the only thing an anonymous response keeps)."""
    small = (
        Response.objects.for_school(school)
        .filter(survey__anonymous=True)
        .order_by()
        .values("survey_id", "academic_year")
        .annotate(n=Count("pk"))
        .filter(n__lt=ANONYMITY_THRESHOLD)
    )
    keep = Q()
    for group in small:
        keep &= ~Q(survey_id=group["survey_id"], academic_year=group["academic_year"])
    return keep


# --- indicators ---------------------------------------------------------------------


def _overall_satisfaction_answers(*, year: int, role: str):
    return Answer.objects.filter(
        of_role(role),
        question__is_overall_satisfaction=True,
        likert__isnull=False,
        response__survey__stage=SurveyStage.EXIT,
        response__academic_year=year,
    )


def _tally():
    return {
        "satisfied": Count("response", distinct=True, filter=SATISFIED),
        "total": Count("response", distinct=True),
    }


def satisfaction(*, school, year: int, role: str) -> tuple[int, int]:
    """(Respondents satisfied — 4 or 5 of 5, respondents who answered) in academic year ``year``."""
    totals = (
        _overall_satisfaction_answers(year=year, role=role)
        .filter(response__survey__school=school)
        .aggregate(**_tally())
    )
    return totals["satisfied"], totals["total"]


def satisfaction_by_school(*, schools, year: int, role: str) -> dict[int, tuple[int, int]]:
    """``satisfaction`` for many schools (School objects or ids) in one query, by school id."""
    ids = [getattr(school, "pk", school) for school in schools]
    rows = (
        _overall_satisfaction_answers(year=year, role=role)
        .filter(response__survey__school_id__in=ids)
        .order_by()
        .values("response__survey__school_id")
        .annotate(**_tally())
    )
    found = {row["response__survey__school_id"]: (row["satisfied"], row["total"]) for row in rows}
    return {pk: found.get(pk, (0, 0)) for pk in ids}


def _one_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def competence_comparison(*, school, role: str, mentorship=None) -> list[dict]:
    """Mean self-assessment per competence at entry and at exit, over the school's responses of
    one role (or one mentorship's), with the change; competences nobody rated are left out."""
    answers = Answer.objects.filter(of_role(role), response__survey__school=school, likert__isnull=False).exclude(
        question__competence=""
    )
    if mentorship is not None:
        answers = answers.filter(response__mentorship=mentorship)
    rows = (
        answers.order_by()
        .values("question__competence", "response__survey__stage")
        .annotate(mean=Avg("likert"), n=Count("pk"))
    )
    found = {(row["question__competence"], row["response__survey__stage"]): row for row in rows}
    labels = dict(Competence.choices)
    codes = list(labels) + sorted({code for code, _stage in found} - set(labels))
    comparison = []
    for code in codes:
        entry = found.get((code, SurveyStage.ENTRY), {})
        exit_ = found.get((code, SurveyStage.EXIT), {})
        if not entry and not exit_:
            continue
        before, after = _one_decimal(entry.get("mean")), _one_decimal(exit_.get("mean"))
        comparison.append(
            {
                "code": code,
                "label": labels.get(code, code),
                "before": float(before) if before is not None else None,
                "after": float(after) if after is not None else None,
                "delta": float(after - before) if before is not None and after is not None else None,
                "n_before": entry.get("n", 0),
                "n_after": exit_.get("n", 0),
            }
        )
    return comparison


# --- pages --------------------------------------------------------------------------


def _count(queryset):
    counted = queryset.filter(survey=OuterRef("pk")).order_by().values("survey").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def surveys_with_counts(school):
    return Survey.objects.for_school(school).annotate(
        question_count=_count(Question.objects.all()),
        invited=_count(Invitation.objects.all()),
        answered=_count(Invitation.objects.filter(answered=True)),
    )


def response_rate(survey: Survey) -> dict:
    totals = Invitation.objects.filter(survey=survey).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered=True))
    )
    invited, answered = totals["invited"], totals["answered"]
    return {"invited": invited, "answered": answered, "percent": round(100 * answered / invited) if invited else 0}


def _mentorships_with_people():
    return Mentorship.objects.prefetch_related(Prefetch("participants", Participant.objects.select_related("person")))


def invitations_by_mentorship(survey: Survey) -> list[tuple[Mentorship, list[Invitation]]]:
    invitations = (
        Invitation.objects.filter(survey=survey)
        .select_related("person")
        .prefetch_related(Prefetch("mentorship", _mentorships_with_people()))
        .order_by("mentorship__planned_start", "mentorship_id", "-role", "person__last_name", "pk")
    )
    groups: dict[int, tuple[Mentorship, list[Invitation]]] = {}
    for invitation in invitations:
        groups.setdefault(invitation.mentorship_id, (invitation.mentorship, []))[1].append(invitation)
    return list(groups.values())


def mentorships_with_responses(school):
    """The school's mentorships with (non-anonymous) responses: the choices of the comparison filter."""
    answered = Response.objects.for_school(school).filter(mentorship__isnull=False).values("mentorship")
    return _mentorships_with_people().for_school(school).filter(pk__in=answered)


@dataclass
class Bar:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    mean: Decimal | None = None
    bars: list[Bar] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)


def _share(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def survey_results(survey: Survey) -> list[QuestionResult] | None:
    """Distributions per question; None while an anonymous survey has too few responses to show.
    Free texts of an anonymous survey come without authors and in alphabetical order, so neither
    a name nor the order of arrival points to the writer."""
    if results_hidden(survey):
        return None
    questions = list(survey.questions.all())
    answers = Answer.objects.filter(response__survey=survey).order_by("response__submitted_at", "pk")
    if survey.anonymous:
        answers = answers.select_related("response")
    else:
        answers = answers.select_related("response__invitation__person")
    by_question: dict[int, list[Answer]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer)
    return [_result(question, by_question.get(question.pk, []), survey.anonymous) for question in questions]


def _result(question, answers, anonymous: bool) -> QuestionResult:
    result = QuestionResult(question=question)
    if question.kind == QuestionKind.LIKERT:
        values = [a.likert for a in answers if a.likert is not None]
        result.answered = len(values)
        result.mean = _one_decimal(sum(values) / len(values)) if values else None
        result.bars = [
            Bar(str(label), values.count(v), _share(values.count(v), len(values))) for v, label in LIKERT_CHOICES
        ]
    elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        chosen = [a.choices for a in answers if a.choices]
        result.answered = len(chosen)
        options = list(question.choices) + sorted({c for cs in chosen for c in cs} - set(question.choices))
        result.bars = [
            Bar(option, sum(option in cs for cs in chosen), _share(sum(option in cs for cs in chosen), len(chosen)))
            for option in options
        ]
    else:
        written = [a for a in answers if a.text.strip()]
        result.answered = len(written)
        if anonymous:
            result.texts = sorted(((a.text, "") for a in written), key=lambda t: t[0].casefold())
        else:
            result.texts = [(a.text, _author(a)) for a in written]
    return result


def _author(answer: Answer) -> str:
    invitation = answer.response.invitation
    if invitation is None:
        return ""
    return f"{invitation.person.short_name} ({invitation.get_role_display()})"

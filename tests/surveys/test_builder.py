"""The curator builds a survey from a ready template, adapts its questions, and they lock with the first answer."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from surveys import builder
from surveys.catalog import BY_KEY, READY_TEMPLATES
from surveys.models import Competence, Question, QuestionKind, Survey, SurveyStage
from tests.surveys.helpers import answer_through_link, own_mentorship, ru, survey_from


def test_ready_templates_are_realistic():
    assert [t.title for t in READY_TEMPLATES] == [
        "Входная анкета наставляемого",
        "Итоговая анкета наставляемого",
        "Входная анкета наставника",
        "Итоговая анкета наставника",
    ]
    for template in READY_TEMPLATES:
        assert 6 <= len(template.questions) <= 10, template.key
        overall = [q for q in template.questions if q.overall]
        assert len(overall) == (1 if template.stage == SurveyStage.EXIT else 0), template.key
        assert all(q.kind == QuestionKind.LIKERT for q in overall)
    every_competence = {c.value for c in Competence}
    for key in ("mentee_entry", "mentee_exit"):
        assert {q.competence for q in BY_KEY[key].questions if q.competence} == every_competence


def test_curator_creates_a_survey_from_a_template(cast, client_as):
    client = client_as(cast.curator)
    page = client.get(reverse("surveys:list")).content.decode()
    assert ru("Create from the template") in page
    assert "Итоговая анкета наставляемого" in page

    response = client.post(reverse("surveys:from_template"), {"key": "mentee_exit"})

    survey = Survey.objects.get()
    assert response["Location"] == reverse("surveys:detail", kwargs={"pk": survey.pk})
    assert (survey.school, survey.title, survey.stage, survey.audience) == (
        cast.school,
        "Итоговая анкета наставляемого",
        "exit",
        "mentee",
    )
    assert survey.is_template
    assert survey.created_by == cast.curator
    questions = list(survey.questions.all())
    assert [q.position for q in questions] == list(range(1, len(BY_KEY["mentee_exit"].questions) + 1))
    assert sum(q.is_overall_satisfaction for q in questions) == 1
    page = client.get(reverse("surveys:detail", kwargs={"pk": survey.pk})).content.decode()
    assert "Насколько вы в целом удовлетворены" in page


def test_an_unknown_template_is_refused(cast, client_as):
    response = client_as(cast.curator).post(reverse("surveys:from_template"), {"key": "nope"}, follow=True)
    assert ru("There is no such ready template.") in response.content.decode()
    assert not Survey.objects.exists()


def test_curator_adds_edits_reorders_and_deletes_questions(cast, client_as):
    client = client_as(cast.curator)
    client.post(
        reverse("surveys:create"),
        {"title": "Анкета о климате в паре", "description": "", "stage": "entry", "audience": "both"},
    )
    survey = Survey.objects.get()
    add = reverse("surveys:question_add", kwargs={"pk": survey.pk})

    client.post(add, {"text": "Как часто вы встречаетесь?", "kind": "single", "choices_text": "раз в неделю\n\nреже\n"})
    client.post(add, {"text": "Насколько вам комфортно?", "kind": "likert", "competence": "", "choices_text": "x"})
    first, second = survey.questions.all()
    assert (first.position, first.kind, first.choices) == (1, "single", ["раз в неделю", "реже"])
    assert (second.position, second.kind, second.choices) == (2, "likert", [])

    client.post(
        reverse("surveys:question_edit", kwargs={"pk": second.pk}),
        {"text": "Насколько вам комфортно в паре?", "kind": "likert", "is_overall_satisfaction": "on"},
    )
    second.refresh_from_db()
    assert (second.text, second.is_overall_satisfaction) == ("Насколько вам комфортно в паре?", True)

    client.post(reverse("surveys:question_move", kwargs={"pk": second.pk}), {"direction": "up"})
    assert list(survey.questions.values_list("pk", flat=True)) == [second.pk, first.pk]

    client.post(reverse("surveys:question_delete", kwargs={"pk": second.pk}))
    assert list(survey.questions.values_list("pk", "position")) == [(first.pk, 1)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "single", "choices_text": "только один"}, "Give at least two options, one per line."),
        ({"kind": "multiple", "choices_text": "да\nДа"}, "The options repeat: each must be different."),
        (
            {"kind": "text", "competence": "planning"},
            "Only a question on the scale from 1 to 5 can measure a competence.",
        ),
        (
            {"kind": "text", "is_overall_satisfaction": "on"},
            "Only a question on the scale from 1 to 5 can be the overall satisfaction question.",
        ),
        (
            {"kind": "likert", "is_overall_satisfaction": "on"},
            "The survey already has an overall satisfaction question: «%(text)s».",
        ),
    ],
)
def test_a_question_that_makes_no_sense_is_refused_with_reasons(cast, client_as, data, message):
    survey = survey_from(cast.school, "mentee_exit")
    before = survey.questions.count()
    response = client_as(cast.curator).post(
        reverse("surveys:question_add", kwargs={"pk": survey.pk}), {"text": "Вопрос", **data}
    )
    assert response.status_code == 200
    overall = survey.questions.get(is_overall_satisfaction=True)
    assert ru(message).replace("%(text)s", overall.text) in response.content.decode()
    assert survey.questions.count() == before


def test_questions_lock_once_an_answer_arrives(cast, client_as):
    survey = survey_from(cast.school, "mentee_exit")
    question = survey.questions.first()
    answer_through_link(survey, own_mentorship(cast))
    client = client_as(cast.curator)

    page = client.get(reverse("surveys:detail", kwargs={"pk": survey.pk})).content.decode()
    assert 'data-testid="locked"' in page
    assert reverse("surveys:question_edit", kwargs={"pk": question.pk}) not in page

    response = client.post(
        reverse("surveys:question_edit", kwargs={"pk": question.pk}), {"text": "Другое", "kind": "likert"}, follow=True
    )
    with translation.override("ru"):
        assert builder.locked_message() in response.content.decode()
    client.post(reverse("surveys:question_delete", kwargs={"pk": question.pk}))
    client.post(reverse("surveys:question_move", kwargs={"pk": question.pk}), {"direction": "down"})
    question.refresh_from_db()
    assert (question.text, question.position) == (BY_KEY["mentee_exit"].questions[0].text, 1)
    with pytest.raises(ValidationError):
        builder.question_save(question=Question(survey=survey, text="Новый", kind="text"), by=None)
    with pytest.raises(ValidationError):
        builder.survey_update(survey=survey, by=None, stage="entry")
    with pytest.raises(ValidationError):
        builder.survey_delete(survey=survey, by=None)

    builder.survey_update(survey=survey, by=None, title="Итоговая анкета 2026/2027")
    survey.refresh_from_db()
    assert survey.title == "Итоговая анкета 2026/2027"


def test_a_copy_of_a_locked_survey_can_change(cast, client_as):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True)
    answer_through_link(survey, own_mentorship(cast))

    client_as(cast.curator).post(reverse("surveys:copy", kwargs={"pk": survey.pk}))

    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert copy.anonymous
    assert list(copy.questions.values_list("text", flat=True)) == list(survey.questions.values_list("text", flat=True))
    assert not builder.is_locked(copy)
    builder.question_save(question=Question(survey=copy, text="Что добавить?", kind="text"), by=None)
    assert copy.questions.count() == survey.questions.count() + 1


def test_settings_form_disables_the_locked_settings(cast, client_as):
    survey = survey_from(cast.school, "mentee_exit")
    answer_through_link(survey, own_mentorship(cast))
    client = client_as(cast.curator)
    url = reverse("surveys:edit", kwargs={"pk": survey.pk})

    client.post(url, {"title": "Новое название", "stage": "entry", "audience": "both", "anonymous": "on"})

    survey.refresh_from_db()
    assert (survey.title, survey.stage, survey.audience, survey.anonymous) == (
        "Новое название",
        "exit",
        "mentee",
        False,
    )

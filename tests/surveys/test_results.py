"""Results: response rate, distributions per question, before/after per competence; who may see them."""

import pytest
from django.urls import reverse

from people.models import Person
from surveys.models import Competence, Invitation
from surveys.selectors import competence_comparison, response_rate, survey_results
from tests.factories import SchoolFactory
from tests.programs.helpers import running_mentorship
from tests.surveys.helpers import (
    answer_through_link,
    crafted_response,
    invitation_of,
    own_mentorship,
    survey_from,
)


def test_distributions_per_question(cast):
    survey = survey_from(cast.school, "mentee_exit")
    overall = survey.questions.get(is_overall_satisfaction=True)
    for value in (5, 4, 4, 3):
        answer_through_link(survey, running_mentorship(cast), likert=lambda q, v=value: v if q == overall else 3)
    invitation_of(survey, running_mentorship(cast))  # invited, not answered yet

    assert response_rate(survey) == {"invited": 5, "answered": 4, "percent": 80}
    results = {r.question.pk: r for r in survey_results(survey)}
    satisfaction = results[overall.pk]
    assert satisfaction.answered == 4
    assert str(satisfaction.mean) == "4.0"
    assert [(bar.count, bar.percent) for bar in satisfaction.bars] == [(0, 0), (0, 0), (1, 25), (2, 50), (1, 25)]
    multiple = results[survey.questions.get(kind="multiple").pk]
    assert [bar.count for bar in multiple.bars] == [4, 4, 0, 0, 0]
    assert [bar.label for bar in multiple.bars] == multiple.question.choices
    single = results[survey.questions.get(kind="single").pk]
    assert [bar.count for bar in single.bars] == [4, 0, 0]
    text = results[survey.questions.get(kind="text").pk]
    assert len(text.texts) == 4
    assert all(author for _text, author in text.texts)


def test_a_mean_is_rounded_to_one_decimal(cast):
    survey = survey_from(cast.school, "mentee_exit")
    for value in (5, 4, 4):
        crafted_response(survey, overall=value)
    overall = next(r for r in survey_results(survey) if r.question.is_overall_satisfaction)
    assert str(overall.mean) == "4.3"


def test_before_and_after_per_competence(cast):
    entry = survey_from(cast.school, "mentee_entry")
    exit_ = survey_from(cast.school, "mentee_exit")
    mentor_exit = survey_from(cast.school, "mentee_exit", audience="mentor")
    pair = own_mentorship(cast)
    crafted_response(entry, competences={"planning": 2, "discipline": 3})
    crafted_response(entry, competences={"planning": 3, "discipline": 2})
    crafted_response(exit_, competences={"planning": 4, "discipline": 4})
    crafted_response(exit_, competences={"planning": 5, "discipline": 3})
    crafted_response(exit_, competences={"planning": 5})
    crafted_response(mentor_exit, role="mentor", competences={"planning": 1})  # another role: not mixed in
    crafted_response(survey_from(SchoolFactory(), "mentee_exit"), competences={"planning": 1})  # another school
    answer_through_link(entry, pair, likert=2)
    answer_through_link(exit_, pair, likert=4)

    rows = {row["code"]: row for row in competence_comparison(school=cast.school, role="mentee")}

    assert rows["planning"] == {
        "code": "planning",
        "label": rows["planning"]["label"],
        "before": 2.3,  # (2 + 3 + 2) / 3
        "after": 4.5,  # (4 + 5 + 5 + 4) / 4
        "delta": 2.2,
        "n_before": 3,
        "n_after": 4,
    }
    assert (rows["discipline"]["before"], rows["discipline"]["after"], rows["discipline"]["delta"]) == (2.3, 3.7, 1.4)
    assert rows["planning"]["label"] == Competence.PLANNING.label

    only_pair = {row["code"]: row for row in competence_comparison(school=cast.school, role="mentee", mentorship=pair)}
    assert (only_pair["planning"]["before"], only_pair["planning"]["after"], only_pair["planning"]["delta"]) == (
        2.0,
        4.0,
        2.0,
    )
    assert (only_pair["parents"]["n_before"], only_pair["parents"]["n_after"]) == (1, 1)
    mentors = competence_comparison(school=cast.school, role="mentor")
    assert [(r["code"], r["before"], r["after"], r["delta"]) for r in mentors] == [("planning", None, 1.0, None)]


def test_the_results_page_shows_the_response_and_the_comparison(cast, client_as):
    survey = survey_from(cast.school, "mentee_exit")
    entry = survey_from(cast.school, "mentee_entry")
    pair = own_mentorship(cast)
    answer_through_link(entry, pair, likert=2)
    answer_through_link(survey, pair, likert=5)

    page = client_as(cast.council_member).get(reverse("surveys:results", kwargs={"pk": survey.pk})).content.decode()

    rate = page[page.index('data-testid="response-rate"') :]
    assert "1" in rate[: rate.index("</p>")]
    assert "(100%)" in rate[: rate.index("</p>")]
    assert "Помогли разборы уроков" in page
    assert Person.objects.get(user=cast.mentee).short_name in page
    assert 'data-testid="competence-planning"' in page
    assert "+3,0" in page
    assert "<svg" in page
    assert "<script" not in page.split('id="content"')[1].split("</main>")[0]


def test_an_anonymous_survey_never_shows_who_wrote_what(cast, client_as):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True)
    answer_through_link(survey, own_mentorship(cast))
    answer_through_link(survey, running_mentorship(cast))
    answer_through_link(survey, running_mentorship(cast))

    results = {r.question.kind: r for r in survey_results(survey)}
    assert results["text"].texts == [("Помогли разборы уроков", "")] * 3
    page = client_as(cast.curator).get(reverse("surveys:results", kwargs={"pk": survey.pk})).content.decode()
    assert "Помогли разборы уроков" in page
    assert "Васильева" not in page
    detail = client_as(cast.curator).get(reverse("surveys:detail", kwargs={"pk": survey.pk})).content.decode()
    assert "Васильева" in detail  # who has answered shows on the links, what they answered does not


@pytest.mark.parametrize("role", ["mentor", "mentee", "outsider"])
def test_participants_cannot_open_the_builder_or_the_results(cast, client_as, role):
    survey = survey_from(cast.school, "mentee_exit")
    question = survey.questions.first()
    client = client_as(getattr(cast, role))
    for url in (
        reverse("surveys:list"),
        reverse("surveys:create"),
        reverse("surveys:send"),
        reverse("surveys:detail", kwargs={"pk": survey.pk}),
        reverse("surveys:edit", kwargs={"pk": survey.pk}),
        reverse("surveys:results", kwargs={"pk": survey.pk}),
        reverse("surveys:question_edit", kwargs={"pk": question.pk}),
    ):
        assert client.get(url).status_code in ({403} if role != "outsider" else {403, 404}), url
    assert client.post(reverse("surveys:from_template"), {"key": "mentee_exit"}).status_code in {403, 404}
    assert client.post(reverse("surveys:question_delete", kwargs={"pk": question.pk})).status_code in {403, 404}
    assert survey.questions.filter(pk=question.pk).exists()


@pytest.mark.parametrize(("role", "manages"), [("director", True), ("secretary", True), ("council_member", False)])
def test_management_builds_and_the_council_reads_results(cast, client_as, role, manages):
    survey = survey_from(cast.school, "mentee_exit")
    client = client_as(getattr(cast, role))
    assert client.get(reverse("surveys:list")).status_code == 200
    assert client.get(reverse("surveys:results", kwargs={"pk": survey.pk})).status_code == 200
    assert client.get(reverse("surveys:detail", kwargs={"pk": survey.pk})).status_code == (200 if manages else 403)


def test_another_schools_survey_is_not_found(cast, client_as):
    foreign = survey_from(cast.other_school, "mentee_exit")
    client = client_as(cast.curator)
    assert client.get(reverse("surveys:results", kwargs={"pk": foreign.pk})).status_code == 404
    assert client.get(reverse("surveys:detail", kwargs={"pk": foreign.pk})).status_code == 404
    response = client.post(
        reverse("surveys:send"), {"survey": foreign.pk, "mentorships": [running_mentorship(cast).pk]}
    )
    assert response.status_code == 200  # the form refuses a survey it does not offer
    assert not Invitation.objects.exists()


def test_the_list_shows_only_the_schools_surveys(cast, client_as):
    survey_from(cast.school, "mentee_exit", title="Своя анкета")
    survey_from(cast.other_school, "mentee_exit", title="Чужая анкета")
    page = client_as(cast.curator).get(reverse("surveys:list")).content.decode()
    assert "Своя анкета" in page
    assert "Чужая анкета" not in page


@pytest.mark.parametrize("role", ["curator", "director", "secretary"])
def test_surveys_are_reached_from_the_monitoring_page(cast, client_as, role):
    page = client_as(getattr(cast, role)).get(reverse("monitoring:dashboard")).content.decode()
    assert reverse("surveys:list") in page

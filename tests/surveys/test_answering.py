"""A participant answers through a personal link: once, completely, anonymously where promised."""

import datetime

import pytest
from django.urls import reverse

from surveys.answering import submit
from surveys.models import Answer, Invitation, Response
from tests.surveys.helpers import (
    MOSCOW,
    at,
    form_data,
    invitation_of,
    own_mentorship,
    ru,
    sample_values,
    survey_from,
)


def link(invitation):
    return reverse("survey_answer", kwargs={"token": invitation.token})


@pytest.fixture
def invitation(cast):
    return invitation_of(survey_from(cast.school, "mentee_exit"), own_mentorship(cast))


def test_the_link_opens_an_accessible_form_without_logging_in(client, invitation):
    page = client.get(link(invitation)).content.decode()

    assert "Итоговая анкета наставляемого" in page
    assert 'data-testid="main-menu"' not in page
    likert_questions = invitation.survey.questions.filter(kind="likert").count()
    assert page.count("<legend") >= likert_questions
    for label in ("1 — not at all", "5 — fully"):
        assert page.count(ru(label)) == likert_questions
    assert page.count('type="radio"') >= 5 * likert_questions
    assert 'type="checkbox"' in page
    assert "<textarea" in page
    assert ru("Your answers will be seen by the school's mentoring curator and administration.") in page


def test_a_complete_submission_is_stored_and_thanked(client, cast, invitation):
    survey = invitation.survey
    response = client.post(link(invitation), form_data(survey, likert="4"))

    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.survey, stored.invitation, stored.mentorship, stored.respondent_role) == (
        survey,
        invitation,
        invitation.mentorship,
        "mentee",
    )
    assert stored.academic_year in (2025, 2026, 2027)
    assert stored.answers.count() == survey.questions.count()
    overall = stored.answers.get(question__is_overall_satisfaction=True)
    assert overall.likert == 4
    single = stored.answers.get(question__kind="single")
    assert single.choices == [single.question.choices[0]]
    multiple = stored.answers.get(question__kind="multiple")
    assert multiple.choices == multiple.question.choices[:2]
    assert stored.answers.get(question__kind="text").text == "Помогли разборы уроков"
    invitation.refresh_from_db()
    assert invitation.answered_at is not None

    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="thanks"' in page
    assert ru("Thank you! Your answers have been received.") in page


def test_a_second_submission_is_refused_and_changes_nothing(client, invitation):
    survey = invitation.survey
    client.post(link(invitation), form_data(survey, likert="5"))
    invitation.refresh_from_db()
    answered_at = invitation.answered_at

    response = client.post(link(invitation), form_data(survey, likert="1"))

    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="already-answered"' in page
    expected = ru("This link has already been used: the answers were received on %(date)s and cannot be changed.")
    assert expected % {"date": answered_at.astimezone(MOSCOW).strftime("%d.%m.%Y")} in page
    assert Response.objects.count() == 1
    assert not Answer.objects.filter(likert=1).exists()
    invitation.refresh_from_db()
    assert invitation.answered_at == answered_at


def test_missing_required_answers_are_named_and_nothing_is_stored(client, invitation):
    survey = invitation.survey
    data = form_data(survey)
    likert = survey.questions.filter(kind="likert").first()
    single = survey.questions.get(kind="single")
    multiple = survey.questions.get(kind="multiple")
    free_text = survey.questions.get(kind="text")
    for question in (likert, single, multiple, free_text):
        del data[f"q{question.pk}"]

    response = client.post(link(invitation), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert ru("Some answers are missing: see the questions marked in red.") in page
    for message in ("Choose a value from 1 to 5.", "Choose one option.", "Choose at least one option."):
        assert ru(message) in page
    assert page.count("is-invalid") >= 3
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_free_text_is_optional(client, invitation):
    data = form_data(invitation.survey)
    del data[f"q{invitation.survey.questions.get(kind='text').pk}"]
    assert client.post(link(invitation), data).status_code == 302
    assert Answer.objects.get(question__kind="text").text == ""


def test_an_out_of_range_value_is_refused(client, invitation):
    response = client.post(link(invitation), form_data(invitation.survey, likert="7"))
    assert response.status_code == 200
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_an_unknown_token_is_not_found(client):
    assert client.get(reverse("survey_answer", kwargs={"token": "no-such-link"})).status_code == 404
    assert client.post(reverse("survey_answer", kwargs={"token": "no-such-link"})).status_code == 404


def test_an_anonymous_survey_keeps_no_link_to_the_person(client, cast):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True)
    invitation = invitation_of(survey, own_mentorship(cast))
    promise = ru(
        "The survey is anonymous: your answers are stored without your name and without your pair, "
        "and nobody can see which answers are yours."
    )
    assert promise in client.get(link(invitation)).content.decode()

    client.post(link(invitation), form_data(survey))

    stored = Response.objects.get()
    assert (stored.invitation, stored.mentorship, stored.respondent_role, stored.submitted_at) == (None, None, "", None)
    assert stored.role == "mentee"  # the survey's audience says it
    invitation.refresh_from_db()
    assert (invitation.answered, invitation.answered_at) == (True, None)
    assert not Invitation.objects.filter(response__isnull=False).exists()


@pytest.mark.parametrize(
    ("moment", "year"),
    [
        (at(2027, 8, 31, 23, 59), 2026),
        (at(2027, 9, 1, 0, 1), 2027),
        (datetime.datetime(2027, 8, 31, 21, 30, tzinfo=datetime.UTC), 2027),  # 00:30 on 1 September in Moscow
    ],
)
def test_the_academic_year_is_the_schools_local_date(cast, moment, year):
    survey = survey_from(cast.school, "mentee_exit")
    invitation = invitation_of(survey, own_mentorship(cast))
    response = submit(invitation=invitation, values=sample_values(survey), at=moment)
    assert response.academic_year == year


def test_an_anonymous_answer_marks_the_invitation_answered_without_a_time(cast):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True)
    invitation = invitation_of(survey, own_mentorship(cast))

    submit(invitation=invitation, values=sample_values(survey), at=at(2026, 10, 5, 14, 37))

    invitation.refresh_from_db()
    assert (invitation.answered, invitation.answered_at) == (True, None)
    assert Response.objects.get().submitted_at is None

"""A mentee answers the exit survey on a phone through a personal link; the curator sees the response."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from surveys.models import QuestionKind, Response
from tests.browser import log_in, shoot
from tests.cast import make_cast
from tests.surveys.helpers import invitation_of, own_mentorship, ru, survey_from

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_mentee_answers_on_a_phone_and_the_curator_sees_the_response(live_server, browser):
    cast = make_cast()
    survey = survey_from(cast.school, "mentee_exit")
    invitation = invitation_of(survey, own_mentorship(cast))
    questions = list(survey.questions.all())

    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="ru-RU", is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(live_server.url + reverse("survey_answer", kwargs={"token": invitation.token}))
    expect(page.get_by_role("heading", name="Итоговая анкета наставляемого")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    form = page.get_by_test_id("answer-form")
    for question in questions:
        group = form.locator("fieldset").filter(has_text=question.text)
        if question.kind == QuestionKind.LIKERT and not question.is_overall_satisfaction:
            group.get_by_label(ru("4 — rather yes")).check()
        elif question.kind == QuestionKind.SINGLE:
            group.get_by_label(question.choices[0]).check()
        elif question.kind == QuestionKind.MULTIPLE:
            group.get_by_label(question.choices[0]).check()
            group.get_by_label(question.choices[1]).check()
        elif question.kind == QuestionKind.TEXT:
            form.get_by_label(question.text).fill("Больше всего помогли разборы моих уроков")
    form.get_by_role("button", name=ru("Send the answers")).click()

    # The overall-satisfaction question was left out: a clear error, nothing stored.
    expect(page.get_by_test_id("answer-errors")).to_contain_text(
        ru("Some answers are missing: see the questions marked in red.")
    )
    overall = page.get_by_test_id("answer-form").locator("fieldset").filter(has_text=questions[0].text)
    expect(overall).to_contain_text(ru("Choose a value from 1 to 5."))
    assert not Response.objects.exists()
    overall.get_by_label(ru("5 — fully")).check()
    expect(page.get_by_test_id("answer-form").get_by_label(questions[-1].text)).to_have_value(
        "Больше всего помогли разборы моих уроков"
    )
    shoot(page, "survey-answer-phone")
    page.get_by_test_id("answer-form").get_by_role("button", name=ru("Send the answers")).click()

    expect(page.get_by_test_id("thanks")).to_contain_text(ru("Thank you! Your answers have been received."))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "survey-thanks-phone")
    phone.close()

    desk = browser.new_context(locale="ru-RU")
    curator = desk.new_page()
    log_in(curator, live_server, "boris")
    curator.goto(live_server.url + reverse("surveys:results", kwargs={"pk": survey.pk}))
    expect(curator.get_by_test_id("response-rate")).to_contain_text("(100%)")
    expect(curator.get_by_test_id("texts")).to_contain_text("Больше всего помогли разборы моих уроков")
    expect(curator.get_by_test_id("mean").first).to_contain_text("5,0")
    expect(curator.get_by_test_id("competence-planning")).to_contain_text("4,0")
    shoot(curator, "survey-results-curator")
    desk.close()

"""The curator forms a pair from a suggestion and proposes it, in a real browser."""

import pytest
from playwright.sync_api import expect

from mentoring.models import Mentorship, Status
from people.models import Deficit, MentorProfile
from tests.browser import log_in, shoot
from tests.cast import make_cast
from tests.mentoring.helpers import mentee, mentor

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_curator_forms_a_pair_from_a_suggestion_and_proposes_it(live_server, page):
    cast = make_cast()
    young = mentee(cast.school, last_name="Егорова", first_name="Екатерина")
    Deficit.objects.create(person=young, description="Формирующее оценивание", diagnosed_on="2026-09-15")
    expert = mentor(cast.school, last_name="Зайцева", first_name="Анна", subjects="Начальные классы")
    MentorProfile.objects.filter(person=expert).update(competence_areas="Формирующее оценивание; начальная школа")
    mentor(cast.school, last_name="Андреев", first_name="Николай", subjects="Технология")

    log_in(page, live_server, "boris")
    page.get_by_test_id("main-menu").get_by_role("link", name="Пары и группы").click()
    page.get_by_test_id("needing-mentor").get_by_role("link", name="Подобрать наставника").click()

    suggestions = page.get_by_test_id("suggestions").locator("li.card")
    expect(suggestions.first).to_contain_text("Зайцева Анна")
    expect(suggestions.first).to_contain_text("Дефицит «Формирующее оценивание» соответствует компетенции")
    shoot(page, "suggestions")
    suggestions.first.get_by_role("button", name="Сформировать черновик").click()

    expect(page.get_by_role("alert").first).to_contain_text("Черновик создан по подсказке")
    expect(page.get_by_test_id("participants")).to_contain_text("Зайцева Анна")
    page.get_by_role("button", name="Предложить для приказа").click()
    expect(page.get_by_role("alert").first).to_contain_text("Пара предложена")
    shoot(page, "mentorship-proposed")

    mentorship = Mentorship.objects.get()
    assert mentorship.status == Status.PROPOSED
    assert [p.last_name for p in mentorship.mentors] == ["Зайцева"]
    assert [p.last_name for p in mentorship.mentees] == ["Егорова"]

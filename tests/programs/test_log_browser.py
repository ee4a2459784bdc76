"""A mentor logs a session on a phone between lessons; the curator sees it."""

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, shoot
from tests.cast import make_cast
from tests.programs.test_pages import own_program

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_mentor_logs_a_session_on_a_phone_and_the_curator_sees_it(live_server, browser):
    cast = make_cast()
    program = own_program(cast)

    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="ru-RU", is_mobile=True, has_touch=True)
    page = phone.new_page()
    log_in(page, live_server, "dmitry")
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.get_by_role("link", name="Записать встречу").click()

    form = page.get_by_test_id("log-form")
    form.get_by_label("Дистанционно").check()
    form.get_by_label("Что сделано").fill("Разобрали открытый урок по теме «Дроби»")
    form.get_by_label("Результат").fill("План урока доработан")
    shoot(page, "log-form-phone")
    form.get_by_role("button", name="Записать").click()

    expect(page.get_by_role("alert").first).to_contain_text("Встреча записана")
    expect(page.get_by_test_id("log")).to_contain_text("Разобрали открытый урок")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    phone.close()

    desk = browser.new_context(locale="ru-RU")
    curator_page = desk.new_page()
    log_in(curator_page, live_server, "boris")
    curator_page.goto(f"{live_server.url}/programs/{program.pk}/")
    expect(curator_page.get_by_test_id("log")).to_contain_text("Разобрали открытый урок по теме «Дроби»")
    expect(curator_page.get_by_test_id("progress")).to_contain_text("100%")
    shoot(curator_page, "program-curator")
    desk.close()

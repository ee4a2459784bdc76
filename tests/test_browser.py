"""Real Chromium against a live server: what a curator and a mentor see after logging in."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import log_in, shoot
from tests.cast import make_cast

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_curator_logs_in_and_sees_the_dashboard(live_server, page):
    make_cast()
    log_in(page, live_server, "boris")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Банк наставников и наставляемых")).to_be_visible()
    menu = page.get_by_test_id("main-menu")
    expect(menu.get_by_role("link", name="Банк")).to_be_visible()
    shoot(page, "curator-dashboard")

    menu.get_by_role("link", name="Банк").click()
    expect(page.get_by_role("heading", name="Банк наставников")).to_be_visible()
    page.get_by_role("link", name="Все", exact=True).click()
    expect(page.get_by_test_id("people-table")).to_contain_text("Смирнов")


@pytest.mark.django_db(transaction=True)
def test_mentor_does_not_see_the_curators_menu(live_server, page):
    make_cast()
    log_in(page, live_server, "dmitry")

    expect(page.get_by_role("heading", name="Моя карточка")).to_be_visible()
    menu = page.get_by_test_id("main-menu")
    expect(menu.get_by_role("link", name="Главная")).to_be_visible()
    expect(menu.get_by_role("link", name="Банк")).to_have_count(0)
    shoot(page, "mentor-dashboard")


@pytest.mark.django_db(transaction=True)
def test_the_menu_folds_on_a_phone(live_server, browser):
    make_cast()
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="ru-RU")
    page = context.new_page()
    log_in(page, live_server, "boris")

    menu_link = page.get_by_test_id("main-menu").get_by_role("link", name="Банк")
    expect(menu_link).to_be_hidden()
    page.get_by_role("button", name="Показать или скрыть меню").click()
    expect(menu_link).to_be_visible()
    shoot(page, "curator-phone-menu")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_wrong_password_stays_on_login_with_a_message(live_server, page):
    make_cast()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill("boris")
    page.get_by_label("Пароль").fill("wrong")
    page.get_by_role("button", name="Вход").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("Пожалуйста, введите правильные имя пользователя и пароль")).to_be_visible()

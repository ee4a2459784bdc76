"""The curator works the bank in a real browser."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from people.models import ConsentKind, MenteeProfile
from tests.browser import log_in, shoot
from tests.cast import make_cast
from tests.factories import ConsentFactory, PersonFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_curator_finds_a_young_specialist_and_withdraws_a_consent(live_server, page):
    cast = make_cast()
    young = PersonFactory(
        school=cast.school, last_name="Егорова", first_name="Екатерина", teaching_started_on=timezone.localdate()
    )
    MenteeProfile.objects.create(person=young, requests="Формирующее оценивание")
    ConsentFactory(person=young, kind=ConsentKind.MENTEE_PARTICIPATION)
    veteran = PersonFactory(school=cast.school, last_name="Семенова", teaching_started_on=datetime.date(1987, 9, 1))
    MenteeProfile.objects.create(person=veteran)

    log_in(page, live_server, "boris")
    page.get_by_test_id("main-menu").get_by_role("link", name="Банк").click()
    page.get_by_role("link", name="Наставляемые").click()
    page.get_by_text("Отбор и поиск").click()
    page.get_by_label("Категория", exact=True).select_option(label="молодой специалист (стаж менее 3 лет)")
    page.get_by_role("button", name="Найти").click()

    table = page.get_by_test_id("mentees-table")
    expect(table).to_contain_text("Егорова")
    expect(table).not_to_contain_text("Семенова")

    table.get_by_role("link", name="Егорова Екатерина Игоревна").click()
    expect(page.get_by_test_id("categories")).to_contain_text("молодой специалист")
    consents = page.get_by_test_id("consents")
    expect(consents).to_contain_text("Для участия наставляемым не хватает: обработка персональных данных")
    consents.get_by_role("button", name="Отозвать").click()
    expect(page.get_by_role("alert")).to_contain_text("Согласие отозвано")
    expect(page.get_by_test_id("consents")).to_contain_text("отозвано")
    expect(page.get_by_test_id("history")).to_contain_text("отметил(а) отзыв согласия")
    shoot(page, "person-card")

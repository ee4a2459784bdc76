"""A parent reads the school's section on a phone, then in the version for the visually impaired."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from public.models import NewsItem
from tests.browser import shoot
from tests.cast import make_cast

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_public_section_and_its_accessible_version(live_server, browser):
    from django.core.cache import cache

    cache.clear()
    cast = make_cast()
    NewsItem.objects.create(
        school=cast.school,
        title="Открыт набор наставников",
        body="Приглашаем опытных педагогов.",
        published_on=timezone.localdate(),
    )
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{cast.school.slug}/nastavnichestvo/")

    expect(page.get_by_role("heading", name="Система наставничества")).to_be_visible()
    expect(page.get_by_role("link", name="Открыт набор наставников")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Перейти к содержимому")).to_be_focused()
    normal_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    shoot(page, "public-phone")

    page.get_by_test_id("a11y-on").click()
    expect(page.get_by_role("link", name="Обычная версия сайта")).to_be_visible()
    large_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert large_size >= normal_size * 1.4
    page.get_by_role("link", name="Новости").click()
    expect(page.get_by_role("link", name="Обычная версия сайта")).to_be_visible()  # remembered across pages
    shoot(page, "public-accessible")
    context.close()

"""Issue 15, «A header that fits»: every role's header fits 1280–1920 px and folds properly on a phone.

Each role logs in once; the viewport is resized between widths. Every menu entry carries a counter
(the worst case for the width), the labels are Russian (longer than English). At each width: no
horizontal scroll, nothing of the header beyond the right edge, every menu link visible, the user
menu opens and «Выйти» is inside the viewport. Screenshots go to .screenshots/header-<role>-<width>.png.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Membership
from accounts.roles import Role
from tests.browser import log_in, shoot
from tests.cast import make_cast

pytestmark = pytest.mark.browser

DESKTOP_WIDTHS = [1280, 1366, 1920]
PHONE = {"width": 390, "height": 844}
ROLES = {
    "director": "alla",
    "curator": "boris",
    "secretary": "vera",
    "council_member": "galina",
    "mentor": "dmitry",
    "mentee": "elena",
    "officer": "inna",
}

# The right-most and left-most edges of what the header draws (hidden and zero-sized elements aside).
HEADER_EDGES = """() => {
  let left = Infinity, right = -Infinity;
  for (const el of document.querySelectorAll('header *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    left = Math.min(left, r.left); right = Math.max(right, r.right);
  }
  return [left, right];
}"""


def add_badges(monkeypatch, entries=None):
    """Counters on the menu entries (on the first ``entries`` of them, or on all), as the counters'
    feature will add them."""
    from portal import context_processors

    real = context_processors.menu_for

    def with_badges(request):
        items = real(request)
        count = len(items) if entries is None else entries
        return [
            {**item, "badge": 12, "badge_label": "12 ждут вашего действия"} if i < count else item
            for i, item in enumerate(items)
        ]

    monkeypatch.setattr(context_processors, "menu_for", with_badges)


@pytest.fixture
def nav_badges(monkeypatch):
    """A counter on every menu entry: the widest the menu gets."""
    add_badges(monkeypatch)


def assert_inside(locator, width, where):
    locator.scroll_into_view_if_needed()
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None, where
    assert box["x"] >= 0, f"{where}: {box} starts left of the screen"
    assert box["x"] + box["width"] <= width, f"{where}: {box} beyond {width}px"


def assert_header_fits(page, width, where):
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert inner_width == width
    assert scroll_width <= inner_width, f"{where}: the page scrolls sideways ({scroll_width} > {inner_width})"
    header = page.locator("header").bounding_box()
    assert header["x"] + header["width"] <= inner_width, where
    left, right = page.evaluate(HEADER_EDGES)
    assert left >= 0, f"{where}: the header draws from {left}px"
    assert right <= inner_width, f"{where}: the header draws up to {right}px in {inner_width}px"


def check_width(page, width, height, where):
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("window.scrollTo(0, 0)")
    menu = page.get_by_test_id("main-menu")
    links = menu.get_by_role("link")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        expect(links.first).to_be_hidden()
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
    assert links.count() >= 1, where
    expect(menu.get_by_test_id("nav-badge").first).to_be_visible()
    assert_header_fits(page, width, where)
    if not toggler.is_visible():
        header_height = page.locator("header").bounding_box()["height"]
        assert header_height <= 60, f"{where}: the header takes {header_height}px, more than one line"
    for i in range(links.count()):
        assert_inside(links.nth(i), width, f"{where}, menu link {links.nth(i).inner_text()!r}")
    assert_inside(page.get_by_test_id("notifications-bell"), width, f"{where}, the bell")

    user_menu = page.get_by_test_id("user-menu")
    assert_inside(user_menu, width, f"{where}, the user menu's button")
    user_menu.click()
    log_out = page.get_by_role("button", name="Выйти")
    assert_inside(log_out, width, f"{where}, «Выйти»")
    assert_header_fits(page, width, f"{where} with the user menu open")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, f"header-{where}")
    return log_out


def close_menus(page):
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Выйти")).to_be_hidden()
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") == "true":
        toggler.click()
        expect(page.locator("#main-nav")).to_be_hidden()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_roles_header_fits_the_screen_and_folds_on_a_phone(live_server, browser, nav_badges, role):
    make_cast()
    context = browser.new_context(viewport={"width": DESKTOP_WIDTHS[0], "height": 800}, locale="ru-RU")
    page = context.new_page()
    log_in(page, live_server, ROLES[role])
    expect(page.get_by_test_id("main-menu")).to_be_attached()

    for width in DESKTOP_WIDTHS:
        check_width(page, width, 800, f"{role}-{width}")
        close_menus(page)
    log_out = check_width(page, PHONE["width"], PHONE["height"], f"{role}-{PHONE['width']}")

    log_out.click()  # logging out works from the folded menu
    expect(page.get_by_label("Имя пользователя")).to_be_visible()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_user_of_two_schools_switches_school_from_a_header_that_fits(live_server, browser, monkeypatch):
    add_badges(monkeypatch, entries=3)  # the switcher takes room: three counters, not one on every entry
    cast = make_cast()
    Membership.objects.create(user=cast.curator, school=cast.other_school, role=Role.DIRECTOR)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
    page = context.new_page()
    log_in(page, live_server, "boris")

    switcher = page.get_by_test_id("school-switcher").get_by_role("combobox", name="Текущая организация")
    assert_inside(switcher, 1280, "the school switcher")
    check_width(page, 1280, 800, "two-schools-1280")
    close_menus(page)

    # Keyboard and screen readers: the icon-only bell and the user menu have names, Enter opens the menu.
    expect(page.get_by_role("link", name="Уведомления: 0 непрочитанных")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"Морозов Б\.П\.$")).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Выйти")).to_be_visible()
    close_menus(page)

    switcher.select_option(str(cast.other_school.pk))
    expect(page.get_by_test_id("current-school")).to_have_text(str(cast.other_school))
    check_width(page, PHONE["width"], PHONE["height"], "two-schools-390")
    assert_inside(switcher, PHONE["width"], "the school switcher on a phone")
    close_menus(page)

    log_out = check_width(page, 1280, 800, "two-schools-1280-other-school")
    log_out.click()  # logging out works from the wide header
    expect(page.get_by_label("Имя пользователя")).to_be_visible()
    context.close()

"""The public section's version for the visually impaired per ГОСТ Р 52872-2019 (issue 17, item 8).

Font size in three steps for all text, three colour schemes, images on/off and letter spacing, set by
plain links, remembered in a cookie across pages and never mixed up by the page cache; every public
page passes axe-core without serious or critical violations, plain and in every colour scheme."""

import datetime
from html.parser import HTMLParser

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from people.models import Consent, ConsentKind
from public.accessibility import COOKIE
from public.models import FileKind, NewsItem, PublicFile, SectionText
from tests.browser import shoot
from tests.cast import make_cast
from tests.programs.helpers import approved_program


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def url(school, name="index", **kwargs):
    return reverse(f"public:{name}", kwargs={"slug": school.slug, **kwargs})


class _Page(HTMLParser):
    """The attributes of <html> and of every element with a data-testid, and the <img> tags."""

    def __init__(self, text):
        super().__init__()
        self.html, self.by_testid, self.images = {}, {}, []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = attrs
        if tag == "img":
            self.images.append(attrs)
        if "data-testid" in attrs:
            self.by_testid[attrs["data-testid"]] = {"tag": tag, **attrs}

    @property
    def classes(self):
        return set((self.html.get("class") or "").split())


def visit(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return _Page(response.content.decode())


# --- server side ---------------------------------------------------------------------------------


SETTINGS = [("size", "2"), ("size", "3"), ("scheme", "wb"), ("scheme", "blue"), ("images", "off"), ("spacing", "large")]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "value"), SETTINGS)
def test_each_setting_is_rendered_by_the_server_and_kept_across_pages(cast, client, name, value):
    response = client.get(url(cast.school, "news") + f"?{name}={value}")
    assert response.status_code == 302
    assert response["Location"] == url(cast.school, "news")  # back to the same page, without the query

    for page_name in ("news", "people", "documents"):
        page = visit(client, url(cast.school, page_name))
        assert {"a11y", f"a11y-{name}-{value}"} <= page.classes  # a control turns the version on as well
        choice = page.by_testid[f"a11y-{name}-{value}"]
        assert choice["tag"] == "a"
        assert choice["aria-current"] == "true"
    municipality = visit(client, reverse("public:municipality", kwargs={"slug": cast.municipality.slug}))
    assert f"a11y-{name}-{value}" in municipality.classes


@pytest.mark.django_db
def test_settings_combine_and_the_plain_version_keeps_them_for_next_time(cast, client):
    for query in ("?a11y=1", "?size=3", "?scheme=blue", "?images=off", "?spacing=large"):
        client.get(url(cast.school) + query)
    combined = {"a11y", "a11y-size-3", "a11y-scheme-blue", "a11y-images-off", "a11y-spacing-large"}
    assert visit(client, url(cast.school)).classes == combined

    client.get(url(cast.school) + "?a11y=0")
    plain = visit(client, url(cast.school))
    assert plain.classes == set()
    assert "a11y-panel" not in plain.by_testid
    assert "a11y-on" in plain.by_testid

    client.get(url(cast.school) + "?a11y=1")
    assert visit(client, url(cast.school)).classes == combined


@pytest.mark.django_db
def test_the_panel_offers_every_choice_as_a_link_marking_the_chosen_ones(cast, client):
    client.get(url(cast.school) + "?a11y=1")
    page = visit(client, url(cast.school, "programs"))
    offered = {key for key in page.by_testid if key.startswith("a11y-") and key != "a11y-panel"}
    assert offered == {
        "a11y-size-1",
        "a11y-size-2",
        "a11y-size-3",
        "a11y-scheme-bw",
        "a11y-scheme-wb",
        "a11y-scheme-blue",
        "a11y-images-on",
        "a11y-images-off",
        "a11y-spacing-normal",
        "a11y-spacing-large",
        "a11y-off",
    }
    for key in offered:
        assert page.by_testid[key]["tag"] == "a"
        assert page.by_testid[key]["href"].startswith("?")
    current = {key for key in offered if page.by_testid[key].get("aria-current") == "true"}
    assert current == {"a11y-size-1", "a11y-scheme-bw", "a11y-images-on", "a11y-spacing-normal"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["?size=9", "?size=", "?scheme=red", "?images=maybe", "?spacing=huge", "?size=3%27%3E%3Cscript%3E"]
)
def test_a_value_outside_the_allowed_ones_gives_the_default(cast, client, query):
    client.get(url(cast.school) + query)
    page = visit(client, url(cast.school))
    assert page.classes == {"a11y", "a11y-size-1", "a11y-scheme-bw", "a11y-images-on", "a11y-spacing-normal"}


DEFAULTS = ("1", "bw", "on", "normal")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cookie", "expected"),
    [
        ("1.7.pink.maybe.huge", DEFAULTS),
        ("1.3.wb.off", ("3", "wb", "off", "normal")),
        ("1", DEFAULTS),
        ("1.<b>.x", DEFAULTS),
        ("1.2.blue.on.large.extra.parts", ("2", "blue", "on", "large")),
    ],
)
def test_a_tampered_cookie_falls_back_to_defaults_setting_by_setting(cast, client, cookie, expected):
    client.cookies[COOKIE] = cookie
    size, scheme, images, spacing = expected
    assert visit(client, url(cast.school)).classes == {
        "a11y",
        f"a11y-size-{size}",
        f"a11y-scheme-{scheme}",
        f"a11y-images-{images}",
        f"a11y-spacing-{spacing}",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("cookie", ["0", "", "yes", "0.3.wb.off.large"])
def test_anything_but_an_enabled_cookie_is_the_plain_version(cast, client, cookie):
    client.cookies[COOKIE] = cookie
    assert visit(client, url(cast.school)).classes == set()


@pytest.mark.django_db
def test_the_cache_never_serves_one_settings_page_to_another(cast):
    variants = {
        "plain": "0",
        "large": "1.3.bw.on.normal",
        "dark": "1.1.wb.on.normal",
        "blue-spaced": "1.2.blue.on.large",
        "no-images": "1.1.bw.off.normal",
    }
    path = url(cast.school, "people")
    for _round in range(2):  # the second round is served from the cache
        for cookie in variants.values():
            client = Client()
            client.cookies[COOKIE] = cookie
            page = visit(client, path)
            if cookie == "0":
                assert page.classes == set()
                continue
            _, size, scheme, images, spacing = cookie.split(".")
            assert page.classes == {
                "a11y",
                f"a11y-size-{size}",
                f"a11y-scheme-{scheme}",
                f"a11y-images-{images}",
                f"a11y-spacing-{spacing}",
            }
            assert page.by_testid[f"a11y-scheme-{scheme}"]["aria-current"] == "true"
            assert bool(page.images) == (images == "on")


@pytest.mark.django_db
def test_the_page_says_it_varies_with_the_cookie(cast, client):
    assert "Cookie" in client.get(url(cast.school))["Vary"]
    assert "Cookie" in client.get(url(cast.school))["Vary"]  # from the cache as well


@pytest.mark.django_db
def test_with_images_off_the_page_shows_their_text_instead(cast, client):
    shown = visit(client, url(cast.school))
    assert [image["alt"] for image in shown.images] == ["Эмблема раздела «Наставничество»"]
    client.get(url(cast.school) + "?images=off")
    response = client.get(url(cast.school))
    assert _Page(response.content.decode()).images == []
    assert "Эмблема раздела «Наставничество»" in response.content.decode()


@pytest.mark.django_db
def test_a_control_on_a_news_item_returns_to_that_item(cast, client):
    item = NewsItem.objects.create(school=cast.school, title="Набор", body="Текст", published_on=timezone.localdate())
    path = url(cast.school, "news_item", pk=item.pk)
    response = client.get(path + "?scheme=wb")
    assert response["Location"] == path
    assert "a11y-scheme-wb" in visit(client, path).classes


# --- in the browser ------------------------------------------------------------------------------


def _demo_school():
    """A school with demo-like content on every public page."""
    cast = make_cast()
    program = approved_program(cast)
    for person in program.mentorship.mentors + program.mentorship.mentees:
        Consent.objects.create(person=person, kind=ConsentKind.PUBLICATION, given_on=datetime.date(2026, 1, 1))
    SectionText.objects.create(
        school=cast.school,
        intro="Система наставничества помогает молодым специалистам быстрее освоиться в профессии.",
        contacts="Куратор: Морозов Борис Петрович, каб. 204",
    )
    today = timezone.localdate()
    news = [
        NewsItem.objects.create(
            school=cast.school,
            title="Стартовал новый учебный год наставничества",
            body="В школе сформированы наставнические пары.",
            published_on=today,
        ),
        NewsItem.objects.create(
            school=cast.school,
            title="Фестиваль открытых уроков",
            body="Приглашаем коллег и родителей.",
            published_on=today,
            is_announcement=True,
        ),
    ]
    PublicFile.objects.create(
        school=cast.school,
        kind=FileKind.FEDERAL,
        title="Распоряжение Минпросвещения № Р-145",
        link="https://docs.edu.gov.ru/",
    )
    return cast, news[0]


def _style(page, selector, prop):
    return page.locator(selector).first.evaluate(f"(el) => getComputedStyle(el).{prop}")


def _size(page, selector):
    return float(_style(page, selector, "fontSize").removesuffix("px"))


# A paragraph, a heading, a nav link, the footer and the section's title in the header.
MEASURED = ["main p", "main h1", "header nav a.nav-link", "footer", "header p.h3"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_sets_up_the_accessible_version_and_it_follows_them(live_server, browser):
    cache.clear()
    cast, _ = _demo_school()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.goto(live_server.url + url(cast.school))
    plain = {selector: _size(page, selector) for selector in MEASURED}
    expect(page.get_by_role("img", name="Эмблема раздела «Наставничество»")).to_be_visible()

    page.get_by_test_id("a11y-on").click()
    panel = page.get_by_role("region", name="Настройки версии для слабовидящих")
    expect(panel).to_be_visible()
    base = {selector: _size(page, selector) for selector in MEASURED}
    for selector in MEASURED:
        assert base[selector] > plain[selector], selector

    # Keyboard: the skip link first, then the panel's first control, with a visible focus ring.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("a11y-size-1")).to_be_focused()
    assert _style(page, "[data-testid=a11y-size-1]", "outlineStyle") == "solid"
    # Every control is reachable with Tab and chosen with Enter.
    for _ in range(2):
        page.keyboard.press("Tab")
    expect(page.get_by_test_id("a11y-size-3")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("a11y-size-3")).to_have_attribute("aria-current", "true")
    largest = {selector: _size(page, selector) for selector in MEASURED}
    for selector in MEASURED:
        assert largest[selector] >= base[selector] * 1.9, selector
    shoot(page, "public-a11y-largest")
    page.get_by_test_id("a11y-size-1").click()

    for scheme, (fg, bg) in {
        "wb": ("rgb(255, 255, 255)", "rgb(0, 0, 0)"),
        "blue": ("rgb(6, 52, 98)", "rgb(157, 209, 255)"),
        "bw": ("rgb(0, 0, 0)", "rgb(255, 255, 255)"),
    }.items():
        page.get_by_test_id(f"a11y-scheme-{scheme}").click()
        expect(page.get_by_test_id(f"a11y-scheme-{scheme}")).to_have_attribute("aria-current", "true")
        for selector in ["body", "main p", "main h1", "header", "header nav a.nav-link", "footer a"]:
            assert _style(page, selector, "color") == fg, (scheme, selector)
        assert _style(page, "body", "backgroundColor") == bg
        assert _style(page, "header", "backgroundColor") == bg
        shoot(page, f"public-a11y-{scheme}")

    page.get_by_test_id("a11y-images-off").click()
    expect(page.get_by_role("img")).to_have_count(0)
    expect(page.get_by_test_id("img-alt")).to_have_text("Эмблема раздела «Наставничество»")

    assert _style(page, "main p", "letterSpacing") == "normal"
    page.get_by_test_id("a11y-spacing-large").click()
    spacing = float(_style(page, "main p", "letterSpacing").removesuffix("px"))
    assert spacing >= 0.2 * _size(page, "main p")
    assert float(_style(page, "main h1", "letterSpacing").removesuffix("px")) > spacing  # each its own em

    page.get_by_test_id("a11y-scheme-wb").click()
    page.get_by_test_id("a11y-size-2").click()
    page.get_by_role("link", name="Новости", exact=True).click()  # another page remembers it all
    expect(page.get_by_role("heading", level=1, name="Новости и объявления")).to_be_visible()
    for choice in ("a11y-size-2", "a11y-scheme-wb", "a11y-images-off", "a11y-spacing-large"):
        expect(page.get_by_test_id(choice)).to_have_attribute("aria-current", "true")
    assert _style(page, "body", "backgroundColor") == "rgb(0, 0, 0)"
    assert _size(page, "main h1") >= base["main h1"] * 1.4
    expect(page.get_by_role("img")).to_have_count(0)

    page.get_by_test_id("a11y-off").click()
    expect(page.get_by_test_id("a11y-on")).to_be_visible()
    assert _size(page, "main h1") == plain["main h1"]
    assert _style(page, "main p", "letterSpacing") == "normal"
    context.close()


VARIANTS = {
    "plain": "0",
    "bw": "1.1.bw.on.normal",
    "wb": "1.1.wb.on.normal",
    "blue": "1.1.blue.on.normal",
    "largest-no-images-spaced": "1.3.bw.off.large",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_public_page_passes_axe_core_plain_and_in_every_scheme(live_server, browser):
    cache.clear()
    cast, item = _demo_school()
    pages = [
        url(cast.school),
        url(cast.school, "people"),
        url(cast.school, "programs"),
        url(cast.school, "documents"),
        url(cast.school, "news"),
        url(cast.school, "news_item", pk=item.pk),
        reverse("public:municipality", kwargs={"slug": cast.municipality.slug}),
    ]
    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page = context.new_page()
    problems = []
    for variant, cookie in VARIANTS.items():
        context.clear_cookies()
        context.add_cookies([{"name": COOKIE, "value": cookie, "url": live_server.url}])
        for path in pages:
            page.goto(live_server.url + path)
            assert ("a11y" in (page.locator("html").get_attribute("class") or "")) == (variant != "plain")
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"]][:5]
                    problems.append(f"{variant} {path}: {violation['id']} ({violation['impact']}) {targets}")
    context.close()
    assert problems == []

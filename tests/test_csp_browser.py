"""Real Chromium under the portal's Content-Security-Policy: a curator's main pages raise no violation.

Every page is watched twice: the `securitypolicyviolation` events the page itself sees and the
console, where Chromium reports what it refused (an inline style, a framed PDF, a script).
"""

import contextlib
import http.server
import threading

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Membership
from accounts.roles import Role
from documents import drafting
from tests.browser import log_in
from tests.cast import make_cast
from tests.mentoring.test_lifecycle import proposed
from tests.programs.test_pages import own_program
from tests.surveys.helpers import invitation_of, survey_from

pytestmark = pytest.mark.browser

WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  const where = e.sourceFile + ':' + e.lineNumber;
  window.__csp.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + where);
});
window.print = function () { window.__printed = true; };
"""


class Watcher:
    def __init__(self, page):
        self.page = page
        self.problems = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.problems.append(f"{self.page.url}: {text}")

    def collect(self):
        self.problems += [f"{self.page.url}: {v}" for v in self.page.evaluate("window.__csp || []")]

    def visit(self, url):
        response = self.page.goto(url)
        assert response.status == 200, url
        self.page.wait_for_load_state("networkidle")
        self.collect()


@pytest.mark.django_db(transaction=True)
def test_a_curators_main_pages_raise_no_csp_violation(live_server, page):
    cast = make_cast()
    Membership.objects.create(user=cast.curator, school=cast.other_school, role=Role.CURATOR)
    program = own_program(cast)
    survey = survey_from(cast.school, "mentee_exit")
    invitation_of(survey, program.mentorship)
    document = drafting.draft_pairs_order(school=cast.school, mentorships=[proposed(cast)], by=cast.curator)

    watcher = Watcher(page)
    log_in(page, live_server, "boris")
    expect(page).to_have_url(f"{live_server.url}/")
    watcher.collect()

    menu = page.get_by_test_id("main-menu").get_by_role("link")
    pages = [menu.nth(i).get_attribute("href") for i in range(menu.count())]
    assert len(pages) >= 5
    pages += [
        reverse("programs:detail", kwargs={"pk": program.pk}),
        reverse("surveys:detail", kwargs={"pk": survey.pk}),
        reverse("surveys:results", kwargs={"pk": survey.pk}),
        reverse("notifications:list"),
        reverse("password_change"),
    ]
    for path in pages:
        watcher.visit(live_server.url + path)

    # The PDF preview inside the document's page, framed by the portal itself.
    watcher.visit(live_server.url + reverse("documents:detail", kwargs={"pk": document.pk}))
    expect(page.get_by_test_id("preview").locator("object")).to_be_attached(timeout=15000)
    page.wait_for_timeout(1500)  # the PDF viewer loads inside the <object>
    watcher.collect()

    # The moved inline handlers still work: print, the year picker, the school switcher.
    watcher.visit(live_server.url + reverse("surveys:detail", kwargs={"pk": survey.pk}))
    page.locator("[data-print]").click()
    assert page.evaluate("window.__printed") is True

    watcher.visit(live_server.url + reverse("monitoring:dashboard"))
    year = page.locator("#year")
    other_year = year.locator("option:not([selected])").first.get_attribute("value")
    year.select_option(other_year)
    expect(page).to_have_url(f"{live_server.url}{reverse('monitoring:dashboard')}?year={other_year}")
    watcher.collect()

    page.locator("#school-switch").select_option(str(cast.other_school.pk))
    expect(page.get_by_test_id("current-school")).to_have_text(str(cast.other_school))
    watcher.collect()

    assert watcher.problems == []


@contextlib.contextmanager
def school_site(body: str):
    """The school's own site on another origin (127.0.0.1 and a port of its own) showing ``body``."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@pytest.mark.django_db(transaction=True)
def test_only_the_public_widget_can_be_framed_by_the_schools_site(live_server, page):
    cast = make_cast()
    widget = live_server.url + reverse("public:widget", kwargs={"slug": cast.school.slug})
    index = live_server.url + reverse("public:index", kwargs={"slug": cast.school.slug})
    watcher = Watcher(page)
    with school_site(f'<iframe id="widget" src="{widget}"></iframe><iframe id="index" src="{index}"></iframe>') as site:
        page.goto(site)
        expect(page.frame_locator("#widget").locator(".widget-title")).to_be_visible()
        page.wait_for_timeout(500)
    refused = [p for p in watcher.problems if "frame-ancestors" in p]
    assert len(refused) == 1, watcher.problems  # the section's own page stays unframeable
    assert "frame-ancestors 'none'" in refused[0]

    watcher.problems.clear()
    for url in (index, widget, f"{index}?a11y=1", f"{index}news/"):
        watcher.visit(url)
    assert watcher.problems == []

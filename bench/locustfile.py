"""The load scenario (``make load``): users of every role at once against the portal on loopback.

``bench/run_load.sh`` prepares the data, starts gunicorn and a Celery worker and runs this file
headless. The data step writes a plan (``LOAD_PLAN``, JSON): the password, the logins of each
role, the schools and municipalities of the public section, fresh survey links and the mark
that starts every text the load writes (so the next run's data step can remove it).

Every page a user opens is a :class:`Page`: the portal's URL name, its path and a marker that
only that page contains. A response counts as a success only with status 200 and the marker,
so a redirect to the login form or a form shown again with errors is a failure.
``tests/test_load_harness.py`` resolves every page's path in the portal's URLconf.
"""

import itertools
import json
import os
import random
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.exception import StopUser
from locust.stats import StatsEntry

TIMEOUT = 30  # seconds: a slower answer is a failure, and no request outlives the run for long
LOOPBACK = "127.0.0.1"
# The users of every role come in the proportions of 50 (the counts below), scaled to --users.
SCALE = max(1, int(os.environ.get("LOAD_USERS", "50"))) / 50


def share(count: int) -> int:
    return max(1, round(count * SCALE))


@dataclass(frozen=True)
class Page:
    url_name: str
    path: str  # a template: "/people/{pk}/"
    marker: str
    group: str

    def url(self, **params) -> str:
        return self.path.format(**params)

    def links(self, html: str) -> list[dict]:
        """The parameters of every link to this page found in ``html``."""
        pattern = re.escape(self.path)
        for name in re.findall(r"\\\{(\w+)\\\}", pattern):
            value = r"\d+" if name == "pk" else r"[\w-]+"
            pattern = pattern.replace(rf"\{{{name}\}}", f"(?P<{name}>{value})")
        return [m.groupdict() for m in re.finditer(f'href="{pattern}"', html)]


# Signed-in pages. Markers are data-testid attributes or form fields: stable in every language.
LOGIN = Page("login", "/accounts/login/", 'name="password"', "login")
HOME = Page("home", "/", 'data-testid="school-summary"', "home")
HOME_PARTICIPANT = Page("home", "/", 'data-testid="my-mentorships"', "home")
BANK = Page("people:bank", "/people/", 'data-testid="people-table"', "bank")
MENTORS = Page("people:mentors", "/people/mentors/", 'data-testid="mentors-table"', "bank")
MENTEES = Page("people:mentees", "/people/mentees/", 'data-testid="mentees-table"', "bank")
ACTUALIZATION = Page("people:actualization", "/people/actualization/", 'data-testid="needing-table"', "bank")
PERSON = Page("people:person", "/people/{pk}/", 'data-testid="history"', "bank")
BOARD = Page("mentoring:board", "/mentoring/", 'data-testid="status-counts"', "mentoring")
MENTORSHIP = Page("mentoring:detail", "/mentoring/{pk}/", 'data-testid="participants"', "mentoring")
PROGRAM_BANK = Page("programs:bank", "/programs/", 'data-testid="programs"', "programs")
PROGRAM = Page("programs:detail", "/programs/{pk}/", 'data-testid="log"', "programs")
LOG_FORM = Page("programs:log_add", "/programs/{pk}/log/new/", 'data-testid="log-form"', "phone log")
REFLECTION = Page("programs:reflect", "/programs/log/{pk}/reflection/", 'name="reflection"', "reflection")
MONITORING = Page("monitoring:dashboard", "/monitoring/", 'data-testid="indicators"', "monitoring")
SURVEYS = Page("surveys:list", "/surveys/", 'data-testid="surveys"', "surveys")
DOCUMENTS = Page("documents:registry", "/documents/", 'data-testid="registry"', "documents")
DOCUMENT = Page("documents:detail", "/documents/{pk}/", 'data-testid="preview"', "documents")
DOCUMENT_RENDER = Page("documents:render", "/documents/{pk}/render/", 'data-testid="preview"', "documents")
DOCUMENT_STATUS = Page("documents:status", "/documents/{pk}/status/", '"state"', "documents")
AUDIT = Page("audit:log", "/audit/", 'data-testid="audit-table"', "audit")
MUNICIPALITY = Page("municipality", "/municipality/", 'data-testid="municipality-schools"', "municipality")
REGION = Page("region:index", "/region/", 'data-testid="region-municipalities"', "region")
REGION_MUNICIPALITY = Page("region:municipality", "/region/m/{slug}/", 'data-testid="municipality-schools"', "region")
# The public section is in Russian only; its headings are fixed text.
PUBLIC_INDEX = Page("public:index", "/s/{slug}/nastavnichestvo/", 'id="news-h"', "public")
PUBLIC_PEOPLE = Page("public:people", "/s/{slug}/nastavnichestvo/people/", 'data-testid="mentors"', "public")
PUBLIC_PROGRAMS = Page(
    "public:programs", "/s/{slug}/nastavnichestvo/programs/", "Программы наставничества</h1>", "public"
)
PUBLIC_DOCUMENTS = Page("public:documents", "/s/{slug}/nastavnichestvo/documents/", "Документы</h1>", "public")
PUBLIC_NEWS = Page("public:news", "/s/{slug}/nastavnichestvo/news/", "Новости и объявления</h1>", "public")
PUBLIC_NEWS_ITEM = Page("public:news_item", "/s/{slug}/nastavnichestvo/news/{pk}/", "<article>", "public")
PUBLIC_FEED = Page("public:feed", "/s/{slug}/nastavnichestvo/rss.xml", "<rss", "public")
PUBLIC_WIDGET = Page("public:widget", "/s/{slug}/nastavnichestvo/widget/", 'class="widget"', "public")
PUBLIC_MUNICIPALITY = Page("public:municipality", "/m/{slug}/", 'data-testid="schools"', "public")
SURVEY_FORM = Page("survey_answer", "/a/{token}/", 'data-testid="answer-form"', "survey")
SURVEY_THANKS = Page("survey_answer", "/a/{token}/", 'data-testid="thanks"', "survey")


@cache
def plan() -> dict:
    with open(os.environ["LOAD_PLAN"], encoding="utf-8") as file:
        return json.load(file)


@cache
def survey_links():
    """Every survey link is answered once: each answering user takes the next unused one."""
    return iter(plan()["survey_tokens"])


@cache
def logins(role: str):
    return itertools.cycle(plan()["accounts"][role])


# --- forms, filled in as a browser would submit them -----------------------------------------


@dataclass
class Form:
    attrs: dict
    inputs: list  # (type, name, value, checked)
    selects: dict  # name -> the selected option's value
    textareas: dict

    def has_field(self, name: str) -> bool:
        return name in self.textareas or name in self.selects or any(i[1] == name for i in self.inputs)

    def data(self, **overrides) -> dict:
        """What the browser sends: every value as rendered, one random option for an unanswered
        radio group and for a group of checkboxes; ``overrides`` replace values (None drops one)."""
        data, radios, boxes = {}, {}, {}
        for kind, name, value, checked in self.inputs:
            if not name or kind in ("submit", "button", "file"):
                continue
            if kind == "radio":
                radios.setdefault(name, []).append((value, checked))
            elif kind == "checkbox":
                boxes.setdefault(name, []).append((value or "on", checked))
            else:
                data[name] = value
        for name, options in radios.items():
            checked = [v for v, on in options if on]
            data[name] = checked[0] if checked else random.choice(options)[0]  # noqa: S311
        for name, options in boxes.items():
            checked = [v for v, on in options if on]
            data[name] = checked or random.sample([v for v, _on in options], k=1)
        data.update(self.selects)
        data.update(self.textareas)
        for name, value in overrides.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        return data


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select = self._textarea = None
        self._first_option = {}

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(attrs, [], {}, {}))
        elif not self.forms:
            return
        elif tag == "input":
            entry = (attrs.get("type", "text"), attrs.get("name"), attrs.get("value", ""), "checked" in attrs)
            self.forms[-1].inputs.append(entry)
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            self._first_option.setdefault(self._select, attrs.get("value", ""))
            if "selected" in attrs:
                self.forms[-1].selects[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.forms[-1].textareas[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select" and self._select and self.forms:
            self.forms[-1].selects.setdefault(self._select, self._first_option.get(self._select, ""))
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1].textareas[self._textarea] += data


def find_form(html: str, *, testid: str = "", field: str = "", action: str = "") -> Form | None:
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if (
            (testid and form.attrs.get("data-testid") == testid)
            or (field and form.has_field(field))
            or (action and form.attrs.get("action") == action)
        ):
            return form
    return None


# --- users -------------------------------------------------------------------------------------


class PortalUser(HttpUser):
    """Opens pages and checks each one; a signed-in role logs in through the login form first."""

    abstract = True
    wait_time = between(1, 3)
    role: str | None = None  # a key of the plan's "accounts"
    pages: tuple[Page, ...] = ()  # what the user browses; other pages are opened from links on these

    def on_start(self):
        if self.role:
            self.log_in(next(logins(self.role)), plan()["password"])

    def open(self, page: Page, method: str = "GET", data: dict | None = None, *, then: Page | None = None, **params):
        """Opens ``page`` and checks it; or posts ``data`` to it and checks the page it redirects to
        (``then``). Returns the HTML, or None when the check failed (locust counts the failure)."""
        name = f"{page.group} | {page.url_name}" + (" POST" if method == "POST" else "")
        with self.client.request(
            method, page.url(**params), data=data, name=name, timeout=TIMEOUT, catch_response=True
        ) as response:
            problem = self.problem(then or page, response)
            if problem:
                response.failure(problem)
                return None
            response.success()
            return response.text

    @staticmethod
    def problem(page: Page, response) -> str | None:
        if response.status_code != 200:
            return f"status {response.status_code}"
        if page is not LOGIN and urlsplit(response.url).path == LOGIN.path:
            return "redirected to the login form"
        if page.marker not in response.text:
            return f"no {page.marker!r} on the page ({urlsplit(response.url).path})"
        return None

    def log_in(self, username: str, password: str):
        form = find_form(self.open(LOGIN) or "", field="password")
        if form is None:
            raise RuntimeError("the login form is not on the login page")
        data = form.data(username=username, password=password)
        with self.client.post(
            LOGIN.path, data=data, name="login | login POST", timeout=TIMEOUT, catch_response=True
        ) as response:
            if response.status_code != 200 or urlsplit(response.url).path == LOGIN.path:
                response.failure(f"{username} is not logged in (status {response.status_code})")
            elif 'data-testid="main-menu"' not in response.text:
                response.failure(f"{username}: no main menu after logging in")

    def open_linked(self, listing: Page, detail: Page, **params):
        """Opens a list page, then one of the detail pages it links to."""
        links = detail.links(self.open(listing, **params) or "")
        if links:
            self.open(detail, **{**params, **random.choice(links)})  # noqa: S311

    @task(5)
    def browse(self):
        if self.pages:
            self.open(random.choice(self.pages))  # noqa: S311


class Curator(PortalUser):
    fixed_count = share(6)
    role = "curator"
    pages = (HOME, BANK, BOARD, MONITORING, SURVEYS, PROGRAM_BANK, MENTEES)

    @task(2)
    def a_pair(self):
        self.open_linked(BOARD, MENTORSHIP)

    @task(1)
    def a_program(self):
        self.open_linked(PROGRAM_BANK, PROGRAM)


class Director(PortalUser):
    fixed_count = share(4)
    role = "director"
    pages = (HOME, DOCUMENTS, AUDIT, MONITORING, BOARD)

    @task(2)
    def a_document(self):
        """Opens a document from the registry; a draft's PDF is made again by the Celery worker."""
        links = DOCUMENT.links(self.open(DOCUMENTS) or "")
        if not links:
            return
        params = random.choice(links)  # noqa: S311
        form = find_form(self.open(DOCUMENT, **params) or "", action=DOCUMENT_RENDER.url(**params))
        if form is not None:
            self.open(DOCUMENT_RENDER, "POST", form.data(), then=DOCUMENT, **params)
        self.open(DOCUMENT_STATUS, **params)


class Secretary(PortalUser):
    fixed_count = share(4)
    role = "secretary"
    pages = (BANK, MENTORS, MENTEES, ACTUALIZATION)

    @task(3)
    def a_card(self):
        self.open_linked(BANK, PERSON)


class CouncilMember(PortalUser):
    fixed_count = share(4)
    role = "council_member"
    pages = (HOME, BOARD, MONITORING, PROGRAM_BANK)

    @task(1)
    def a_program(self):
        self.open_linked(PROGRAM_BANK, PROGRAM)


class Mentor(PortalUser):
    """Records sessions on the phone page between lessons."""

    fixed_count = share(8)
    role = "mentor"
    pages = (HOME_PARTICIPANT,)

    @task(5)
    def record_a_session(self):
        links = LOG_FORM.links(self.open(HOME_PARTICIPANT) or "")
        if not links:
            return
        params = random.choice(links)  # noqa: S311
        form = find_form(self.open(LOG_FORM, **params) or "", testid="log-form")
        if form is None:
            return
        data = form.data(
            what_done=f"{plan()['mark']} Разобрали урок, наметили приёмы мотивации.",
            result="Согласован следующий шаг",
            mark_done=None,  # the plan stays as it is, so runs compare
        )
        self.open(LOG_FORM, "POST", data, then=PROGRAM, **params)


class Mentee(PortalUser):
    """Reads the program and writes a reflection on a recorded session."""

    fixed_count = share(6)
    role = "mentee"
    pages = (HOME_PARTICIPANT,)

    @task(5)
    def reflect(self):
        programs = PROGRAM.links(self.open(HOME_PARTICIPANT) or "")
        if not programs:
            return
        program = self.open(PROGRAM, **random.choice(programs)) or ""  # noqa: S311
        # Reflect on the sessions the load recorded; the seeded ones keep their text.
        ours = [a for a in re.split(r"<article", program) if plan()["mark"] in a]
        entries = [link for article in ours for link in REFLECTION.links(article)]
        if not entries:
            return
        params = random.choice(entries)  # noqa: S311
        form = find_form(self.open(REFLECTION, **params) or "", field="reflection")
        if form is None:
            return
        data = form.data(reflection="Стало понятнее, как выстроить этапы урока.")
        self.open(REFLECTION, "POST", data, then=PROGRAM, **params)


class MunicipalOfficer(PortalUser):
    fixed_count = share(3)
    role = "officer"
    pages = (MUNICIPALITY,)


class RegionalCoordinator(PortalUser):
    """The region's municipalities side by side (in the datasets that have a region)."""

    fixed_count = share(1)
    role = "regional"
    pages = (REGION,)

    def on_start(self):
        if not plan()["accounts"].get(self.role):
            raise StopUser
        super().on_start()

    @task(3)
    def a_municipality(self):
        self.open(REGION_MUNICIPALITY, slug=random.choice(plan()["municipalities"]))  # noqa: S311


class Parent(PortalUser):
    """Reads a school's public section without logging in."""

    fixed_count = share(10)
    pages = ()

    def on_start(self):
        self.school = random.choice(plan()["schools"])  # noqa: S311

    @task(5)
    def browse(self):
        page = random.choice((PUBLIC_INDEX, PUBLIC_PEOPLE, PUBLIC_PROGRAMS, PUBLIC_DOCUMENTS, PUBLIC_WIDGET))  # noqa: S311
        self.open(page, slug=self.school)

    @task(2)
    def news(self):
        self.open_linked(PUBLIC_NEWS, PUBLIC_NEWS_ITEM, slug=self.school)

    @task(1)
    def feed(self):
        self.open(PUBLIC_FEED, slug=self.school)

    @task(1)
    def municipality(self):
        self.open(PUBLIC_MUNICIPALITY, slug=random.choice(plan()["municipalities"]))  # noqa: S311


class SurveyRespondent(PortalUser):
    """Answers a survey from a personal link on the phone, without logging in."""

    fixed_count = share(4)
    pages = ()

    @task
    def answer(self):
        token = next(survey_links(), None)
        if token is None:  # every link is used: reopening one shows the thanks again
            self.open(SURVEY_THANKS, token=random.choice(plan()["survey_tokens"]))  # noqa: S311
            return
        form = find_form(self.open(SURVEY_FORM, token=token) or "", testid="answer-form")
        if form is None:
            return
        text_fields = dict.fromkeys(form.textareas, "Спасибо, всё полезно.")
        self.open(SURVEY_FORM, "POST", form.data(**text_fields), then=SURVEY_THANKS, token=token)


USERS = (
    Curator, Director, Secretary, CouncilMember, Mentor, Mentee, MunicipalOfficer, RegionalCoordinator, Parent,
    SurveyRespondent,
)  # fmt: skip


@events.init.add_listener
def _only_loopback(environment, **_kwargs):
    host = urlsplit(environment.host or "").hostname
    if host != LOOPBACK:
        raise SystemExit(f"the load targets {LOOPBACK} only, not {environment.host!r}")


@events.quitting.add_listener
def _write_groups(environment, **_kwargs):
    """Percentiles per endpoint group, merged from the per-endpoint entries (``<csv>_groups.csv``)."""
    prefix = getattr(environment.parsed_options, "csv_prefix", None)
    if not prefix:
        return
    stats = environment.stats
    groups: dict[str, StatsEntry] = {}
    for entry in stats.entries.values():
        group = entry.name.split(" | ")[0]
        groups.setdefault(group, StatsEntry(stats, group, "")).extend(entry)
    with open(f"{prefix}_groups.csv", "w", encoding="utf-8") as out:
        out.write("group,requests,failures,rps,p50,p95,p99,max\n")
        for group, entry in [*sorted(groups.items()), ("all", stats.total)]:
            p50, p95, p99 = (entry.get_response_time_percentile(p) for p in (0.5, 0.95, 0.99))
            out.write(
                f"{group},{entry.num_requests},{entry.num_failures},{entry.total_rps:.2f},"
                f"{p50},{p95},{p99},{round(entry.max_response_time)}\n"
            )

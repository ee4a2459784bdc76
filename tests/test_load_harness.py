"""The load scenario (bench/locustfile.py) opens the portal's real pages and fills its real forms.

A renamed URL or a new required form field breaks these tests, not only the next ``make load``.
The write tasks run here against the views through Django's test client, CSRF checks on.
"""

import importlib.util
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from programs.models import LogEntry
from surveys import sending
from surveys.models import Invitation
from tests.programs.helpers import approved_program
from tests.surveys.helpers import own_mentorship, survey_from

LOCUSTFILE = Path(__file__).resolve().parent.parent / "bench" / "locustfile.py"
SAMPLE = {"pk": 7, "slug": "school-a", "token": "Zx-9_token"}
PASSWORD = "load-pass-2026"
MARK = "[нагрузка]"


def _load_locustfile():
    # Without gevent's monkey patching, which would swap this process's sockets and threads.
    os.environ.setdefault("LOCUST_SKIP_MONKEY_PATCH", "1")
    spec = importlib.util.spec_from_file_location("locustfile", LOCUSTFILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("locustfile", module)
    spec.loader.exec_module(module)
    return module


locustfile = _load_locustfile()


def pages_of(user_class) -> set:
    """The pages a user class opens: its own list, the login form and those its tasks name."""
    pages = set(user_class.pages) | ({locustfile.LOGIN} if user_class.role else set())
    for task in user_class.tasks:
        codes = [task.__code__]
        while codes:
            code = codes.pop()
            pages |= {
                getattr(locustfile, n)
                for n in code.co_names
                if isinstance(getattr(locustfile, n, None), locustfile.Page)
            }
            codes += [c for c in code.co_consts if hasattr(c, "co_names")]
    return pages


@pytest.mark.parametrize("user_class", locustfile.USERS, ids=lambda cls: cls.__name__)
def test_every_page_a_load_user_opens_is_the_portals(user_class):
    pages = pages_of(user_class)
    assert pages, f"{user_class.__name__} opens no page"
    for page in pages:
        params = {name: SAMPLE[name] for name in ("pk", "slug", "token") if f"{{{name}}}" in page.path}
        url = reverse(page.url_name, kwargs=params)
        assert page.url(**params) == url, f"{page.url_name}: the load opens {page.url(**params)}, the portal has {url}"
        # Detail pages are found as links on the portal's list pages.
        if params:
            assert page.links(f'<a class="x" href="{url}">') == [{k: str(v) for k, v in params.items()}]


class ViewsSession:
    """Locust's HttpSession over Django's test client; records what failed."""

    def __init__(self):
        self.client = Client(enforce_csrf_checks=True)
        self.failures = []

    @contextmanager
    def request(self, method, url, data=None, name=None, catch_response=True, **_options):
        response = (
            self.client.post(url, data or {}, follow=True) if method == "POST" else self.client.get(url, follow=True)
        )
        response.url = "http://testserver" + response.request["PATH_INFO"]
        response.text = response.content.decode()
        response.failure = lambda problem: self.failures.append(f"{name}: {problem}")
        response.success = lambda: None
        yield response

    def post(self, url, data=None, **options):
        return self.request("POST", url, data, **options)


@pytest.fixture
def run_as(cast, monkeypatch):
    """``run_as(UserClass)``: a load user whose requests go to the portal's views."""
    from locust.env import Environment

    for user in (cast.mentor, cast.mentee):
        user.set_password(PASSWORD)
        user.save()
    plan = {"password": PASSWORD, "mark": MARK, "accounts": {"mentor": ["dmitry"], "mentee": ["elena"]}}
    plan["survey_tokens"] = []
    monkeypatch.setattr(locustfile, "plan", lambda: plan)
    for cached in (locustfile.logins, locustfile.survey_links):
        cached.cache_clear()
    environment = Environment(user_classes=list(locustfile.USERS), host="http://127.0.0.1")

    def run(user_class):
        monkeypatch.setattr(user_class, "host", environment.host)
        user = user_class(environment)
        user.client = ViewsSession()
        user.on_start()
        return user

    run.plan = plan
    yield run
    for cached in (locustfile.logins, locustfile.survey_links):
        cached.cache_clear()


def test_the_mentor_logs_in_and_records_a_session_on_the_phone_page(cast, run_as):
    program = approved_program(cast, own_mentorship(cast))

    mentor = run_as(locustfile.Mentor)
    mentor.record_a_session()

    assert mentor.client.failures == []
    entry = LogEntry.objects.get(program=program)
    assert entry.what_done.startswith(MARK)
    assert entry.author == cast.mentor


def test_the_mentee_reflects_on_a_session_the_load_recorded(cast, run_as):
    program = approved_program(cast, own_mentorship(cast))
    seeded = LogEntry.objects.create(program=program, occurred_on=program.start, what_done="Встреча", reflection="Моя")
    ours = LogEntry.objects.create(program=program, occurred_on=program.start, what_done=f"{MARK} Встреча")

    mentee = run_as(locustfile.Mentee)
    mentee.reflect()

    assert mentee.client.failures == []
    ours.refresh_from_db()
    seeded.refresh_from_db()
    assert ours.reflection
    assert seeded.reflection == "Моя"


def test_a_respondent_answers_a_survey_by_its_link_and_a_used_link_says_so(cast, run_as):
    survey = survey_from(cast.school, "mentee_entry")
    [invitation] = sending.invite(survey=survey, mentorship=own_mentorship(cast), by=cast.curator)
    run_as.plan["survey_tokens"] = [invitation.token]

    respondent = run_as(locustfile.SurveyRespondent)
    respondent.answer()
    assert Invitation.objects.get(pk=invitation.pk).answered_at is not None
    respondent.answer()  # no unused link is left: it reopens the answered one

    assert respondent.client.failures == []


def test_a_failed_check_is_reported(cast, run_as):
    mentor = run_as(locustfile.Mentor)  # a mentor without any program: no session to record
    mentor.client.client.logout()
    mentor.record_a_session()

    assert mentor.client.failures == ["home | home: redirected to the login form"]

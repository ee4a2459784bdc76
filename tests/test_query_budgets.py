"""Every role's home page and every list page reads the database a fixed number of times.

Each page is opened on a school with a little data and again after three times as much was
added (people, pairs and groups, programs with plans and logs, surveys with answers,
documents, audit events): the number of queries must stay the same (no query per row) and
within the page's budget. The data comes from ``bench/dataset.py``, the benchmarks' builder.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.dataset import fill_school
from people.models import Person
from portal import freshness

# page: (who opens it, URL, most queries allowed). Every page pays 9 for the request itself:
# the session read and its write (with a savepoint), the user, their memberships, the bell's
# count and Django's two permission reads once a rule answers no.
BUDGETS = {
    "director home": ("director", "/", 17),
    "curator home": ("curator", "/", 17),
    "secretary home": ("secretary", "/", 17),
    "council member home": ("council_member", "/", 17),
    "mentor home": ("mentor", "/", 18),
    "mentee home": ("mentee", "/", 18),
    # The municipality also reads its schools' frozen results and their stored figures (issue 19).
    "municipal officer home": ("officer", "/municipality/", 11),  # + the municipal to-dos, one query
    "bank": ("curator", "/people/", 14),
    "mentor bank": ("curator", "/people/mentors/", 14),
    "mentee bank": ("curator", "/people/mentees/", 14),
    # The board also lists the proposed pairs and the completed programs still without an order,
    # and the orders on their way; ended pairs of earlier academic years are only counted.
    "board": ("curator", "/mentoring/", 21),
    # Ended pairs of earlier academic years: a page of them, the years to choose from and their count.
    "board archive": ("curator", "/mentoring/archive/", 16),
    "my mentoring (mentor)": ("mentor", "/mentoring/mine/", 18),
    "registry": ("curator", "/documents/", 13),
    "program bank (curator)": ("curator", "/programs/", 15),
    "program bank (mentor)": ("mentor", "/programs/", 15),
    "surveys": ("curator", "/surveys/", 12),
    # The year and its trend share one read of the people (monitoring/overview.py).
    "monitoring dashboard": ("curator", "/monitoring/", 21),
    "audit log": ("director", "/audit/", 13),
    "municipality's public sections": ("officer", "/m/lodeynoye/", 11),
    # Issue 19: the region's municipalities, its schools' stored figures (municipal.figures).
    "regional coordinator home": ("regional", "/region/", 13),
    "a municipality of the region": ("regional", "/region/m/lodeynoye/", 14),
}

SMALL = {
    "staff": 8,
    "mentorships": 6,
    "plan_items": 24,
    "log_entries": 12,
    "survey_answers": 30,
    "documents": 5,
    "audit_events": 5,
}


def _grow(cast, times: int, label: str) -> None:
    """Adds ``times`` × SMALL of every kind of data to school A; the cast's mentor and mentee are in every pair."""
    mentor = Person.objects.get(user=cast.mentor)
    mentee = Person.objects.get(user=cast.mentee)
    fill_school(
        cast.school,
        **{name: value * times for name, value in SMALL.items()},
        mentors=[mentor],
        mentees=[mentee],
        label=label,
    )


def _queries(client, url) -> int:
    """The page's queries right after a change: nothing it keeps in the cache between changes
    (``portal.freshness``: to-do lists, the board's tables, the dashboard's figures) is reused."""
    client.get(url)  # warm-up: the session, the first translations
    freshness.school_changed()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


@pytest.mark.parametrize("page", BUDGETS)
def test_queries_stay_fixed_as_the_school_grows(cast, client, page):
    who, url, budget = BUDGETS[page]
    client.force_login(getattr(cast, who))
    _grow(cast, 1, "s")
    small = _queries(client, url)
    _grow(cast, 2, "l")
    large = _queries(client, url)

    assert small == large, f"{page}: {small} queries with a little data, {large} with three times as much"
    assert large <= budget, f"{page}: {large} queries, over its budget of {budget}"


def test_the_program_page_shows_a_page_of_its_log_whatever_its_length(cast, client):
    """The program page lists the newest sessions and pages the rest: a long log costs no more queries."""
    from programs.models import LogEntry
    from programs.views import LOG_PAGE_SIZE

    client.force_login(cast.curator)
    _grow(cast, 1, "s")
    program = LogEntry.objects.values_list("program", flat=True).first()
    url = f"/programs/{program}/"
    short = _queries(client, url)
    entry = LogEntry.objects.filter(program=program).first()
    added = [LogEntry(program_id=program, occurred_on=entry.occurred_on, what_done=f"Занятие {n}") for n in range(60)]
    LogEntry.objects.bulk_create(added)
    long = _queries(client, url)
    pages = [client.get(url, {"log_page": n}).context["log"] for n in range(1, 5)]

    assert short == long, f"the program page: {short} queries with a short log, {long} with a long one"
    assert [len(page) for page in pages[:3]] == [LOG_PAGE_SIZE] * 3
    assert "Занятие 59" in pages[0][0].what_done  # the newest first
    assert sum(len(page) for page in pages) == LogEntry.objects.filter(program=program).count()


@pytest.mark.parametrize("url", ["/region/", "/municipality/"])
def test_the_region_and_municipality_pages_stay_fixed_with_more_municipalities_and_schools(cast, client, url):
    """Issue 19: 2 municipalities of 2 schools, then 6 of 6 (and 6 schools in the officer's own)."""
    from tests.factories import MunicipalityFactory, SchoolFactory

    client.force_login(cast.regional if url == "/region/" else cast.officer)
    second = MunicipalityFactory(region=cast.region)
    SchoolFactory(municipality=second), SchoolFactory(municipality=second)
    small = _queries(client, url)
    for _ in range(4):
        place = MunicipalityFactory(region=cast.region)
        for _ in range(6):
            SchoolFactory(municipality=place)
    for _ in range(4):
        SchoolFactory(municipality=cast.municipality)
    large = _queries(client, url)
    assert small == large, f"{url}: {small} queries for 2 municipalities, {large} for 6"

"""The municipality's lists cost the same number of queries whatever the number of people on them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import ConsentKind
from tests.factories import ConsentFactory
from tests.mentoring.helpers import mentee, mentor

PAGES = ["municipal:bank_mentors", "municipal:bank_mentees", "municipal:bases", "municipal:cross_pairs"]


def _shared(person):
    ConsentFactory(person=person, kind=ConsentKind.MUNICIPAL_SHARING, given_on=datetime.date(2026, 1, 1))


def _grow(cast, count, tag):
    for n in range(count):
        for school in (cast.school, cast.other_school):
            _shared(mentor(school, last_name=f"Наставников{tag}{n}", subjects="физика"))
            _shared(mentee(school, last_name=f"Наставляемов{tag}{n}"))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_a_municipal_list_does_not_grow_with_its_rows(cast, client_as, page):
    client = client_as(cast.officer)
    url = reverse(page)
    _grow(cast, 1, "a")
    small = _queries(client, url)
    _grow(cast, 3, "b")
    large = _queries(client, url)
    assert small == large, f"{page}: {small} queries with 2 people a school, {large} with 8"

"""Issue 19: the dashboard's figures are kept in the shared cache until the school changes, and every
change shows on the next load: a pair formed outside a request, a target set through the form."""

import datetime

import pytest
from django.urls import reverse

from monitoring import overview
from tests.monitoring.test_indicators import SEPT_1, Y, mentorship, teacher

DASHBOARD = reverse("monitoring:dashboard")


@pytest.fixture
def computed(calls_to):
    """The year's figures really computed (not taken from the cache), one entry per computation."""
    return calls_to(overview, "current")


def young_row(client) -> str:
    page = client.get(DASHBOARD, {"year": Y}).content.decode()
    row = page[page.index('data-code="young_in_programs"') :]
    return row[: row.index("</tr>")]


@pytest.mark.django_db
def test_the_figures_are_computed_once_until_the_school_changes(cast, client_as, computed):
    curator = client_as(cast.curator)
    young = teacher(cast.school, teaching_started_on=datetime.date(2025, 9, 1), last_name="Молодая")
    mentor = teacher(cast.school, last_name="Наставникова")
    assert "0 / 1" in young_row(curator)
    assert "0 / 1" in young_row(curator)
    assert len(computed) == 1

    # A pair saved outside any request (a worker, a command): the next load counts again.
    mentorship(cast.school, mentors=[mentor], mentees=[young], start=SEPT_1, end=datetime.date(2027, 5, 31))
    assert "1 / 1" in young_row(curator)
    assert len(computed) == 2


@pytest.mark.django_db
def test_a_target_set_through_the_form_shows_on_the_next_load(cast, client_as):
    curator = client_as(cast.curator)
    teacher(cast.school, teaching_started_on=datetime.date(2025, 9, 1))
    assert "87" not in young_row(curator)
    targets = {
        "young_in_programs": "87",
        "teachers_in_programs": "70",
        "under35_in_programs": "",
        "mentee_satisfaction": "90",
        "mentor_satisfaction": "90",
        "school_events": "3",
    }
    curator.post(reverse("monitoring:targets") + f"?year={Y}", targets)
    assert "87" in young_row(curator)

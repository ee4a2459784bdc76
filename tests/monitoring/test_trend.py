"""The trend's years come from the two queries of the shown year (``school_sets_of_years``) and
must count exactly what ``compute`` counts year by year, frozen years read from their results."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.models import Participant
from monitoring import overview, reports, snapshot
from monitoring.indicators import (
    SHARES,
    SchoolSets,
    compute,
    data_gaps,
    gaps_in,
    school_sets_of_years,
    share_figures,
)
from people.models import Person
from tests.factories import SchoolFactory
from tests.monitoring.test_indicators import Y, mentorship, teacher

YEARS = list(range(Y - 4, Y + 2))  # a year before any data to one after the shown year


def day(year, month, d):
    return datetime.date(year, month, d)


def first_day(year):
    return day(year, 9, 1)


def last_day(year):
    return day(year + 1, 8, 31)


@pytest.fixture
def history(db):
    """Two schools over four academic years, every date on or next to a year's first or last day."""
    school, other = SchoolFactory(), SchoolFactory()
    mentor = teacher(school, last_name="Наставник")
    from_other = teacher(other, last_name="Чужой")  # a mentor of another school: counts in «other»
    young = [
        teacher(school, teaching_started_on=first_day(Y - 3), hired_on=first_day(Y - 3), birth_date=day(1998, 1, 1)),
        teacher(school, teaching_started_on=first_day(Y - 2), hired_on=last_day(Y - 3), birth_date=day(1990, 9, 2)),
        teacher(school, teaching_started_on=first_day(Y - 1), hired_on=first_day(Y - 1)),
        teacher(school, teaching_started_on=last_day(Y - 2), hired_on=last_day(Y - 2), left_on=first_day(Y)),
    ]
    teacher(school, teaching_started_on=None, birth_date=None, hired_on=first_day(Y - 2))  # a data gap
    teacher(school, left_on=last_day(Y - 4))  # left the day before the first year with data
    teacher(school, hired_on=first_day(Y + 1))  # not hired before the year after the shown one

    # Exactly one academic year.
    mentorship(school, mentors=[mentor], mentees=[young[0]], start=first_day(Y - 3), end=last_day(Y - 3))
    # Terminated on the last day of Y-3 although planned into Y-2.
    mentorship(
        school,
        mentors=[mentor],
        mentees=[young[1]],
        start=day(Y - 3, 12, 1),
        end=day(Y - 1, 5, 31),
        actual_end=last_day(Y - 3),
        status="terminated",
    )
    # Starts on the last day of Y-2: counts in Y-2 and Y-1.
    mentorship(school, mentors=[from_other], mentees=[young[3]], start=last_day(Y - 2), end=day(Y, 2, 28))
    # Completed on the first day of Y.
    mentorship(school, mentors=[mentor], mentees=[young[2]], start=first_day(Y - 1), end=first_day(Y))
    # A participant who joined on the first day of Y-1 and left on the last day of Y-1.
    group = mentorship(school, mentors=[mentor], mentees=[young[3]], start=first_day(Y - 2), end=day(Y + 1, 5, 31))
    Participant.objects.create(
        mentorship=group, person=young[0], role="mentee", started_on=first_day(Y - 1), ended_on=last_day(Y - 1)
    )
    # A second mentor of the group who left it on the first day of Y-1.
    Participant.objects.create(
        mentorship=group, person=teacher(school), role="mentor", started_on=first_day(Y - 2), ended_on=first_day(Y - 1)
    )
    # Never fixed by an order: counts in no year.
    mentorship(
        school, mentors=[mentor], mentees=[young[1]], start=first_day(Y), end=day(Y + 1, 5, 31), status="proposed"
    )
    return school, other


def test_every_year_of_one_read_counts_what_compute_counts_that_year(history):
    school, other = history
    by_year = school_sets_of_years([school.pk, other.pk], YEARS)

    for year in YEARS:
        for each in (school, other):
            group = by_year[year].get(each.pk, SchoolSets())
            computed = {i.code: (i.numerator, i.denominator) for i in compute(each, year)}
            for code in SHARES:
                assert share_figures(group, code) == computed[code], (each, year, code)
            assert (len(group.mentors), None) == computed["mentors"], (each, year)
            assert (len(group.mentees), None) == computed["mentees"], (each, year)
            assert gaps_in(group) == data_gaps(each, year)


def test_the_years_differ_where_the_dates_say_so(history):
    school, _other = history
    by_year = school_sets_of_years([school.pk], YEARS)
    young = {year: share_figures(by_year[year].get(school.pk, SchoolSets()), "young_in_programs") for year in YEARS}
    # Y-3: young[0] hired on its first day, young[1] on its last, both in their pairs.
    # Y-2: young[1]'s pair ended on Y-3's last day; young[3], hired on Y-2's last day, in two pairs.
    # Y-1: young[0] in the group for the year, young[2] and young[3] in theirs, young[1] in none.
    # Y: young[0] has 3 full years; young[2] in her pair's last day, young[3] (left on Y's first
    # day) in the group, young[1] only in a proposed pair.
    # Y+1: young[1] has 3 full years, young[3] is gone, young[2] is in no pair.
    assert young == {
        Y - 4: (0, 0),
        Y - 3: (2, 2),
        Y - 2: (1, 3),
        Y - 1: (3, 4),
        Y: (2, 3),
        Y + 1: (0, 1),
    }


def test_the_dashboard_trend_keeps_a_frozen_year_and_shows_the_current_one_live(history):
    school, _other = history
    snapshot.freeze(school, Y - 1, by=None)
    snapshot.freeze(school, Y, by=None)
    # After freezing, young[1] finds a mentor in both years.
    young_1 = Person.objects.for_school(school).get(hired_on=last_day(Y - 3))
    mentor = Person.objects.for_school(school).get(last_name="Наставник")
    mentorship(school, mentors=[mentor], mentees=[young_1], start=day(Y, 3, 1), end=day(Y, 12, 31))

    shown = overview.current(school, Y, trend_code="young_in_programs", trend_count=4)
    live = {year: compute(school, year) for year in (Y - 3, Y - 2, Y)}
    frozen = snapshot.indicators_of(snapshot.frozen_result(school, Y - 1))
    young = "young_in_programs"

    assert shown.result == snapshot.frozen_result(school, Y)
    assert [(i.code, i.numerator, i.denominator) for i in shown.indicators] == [
        (i.code, i.numerator, i.denominator) for i in live[Y]
    ]
    assert shown.gaps == data_gaps(school, Y)
    assert shown.trend == {
        Y - 3: next(i.value for i in live[Y - 3] if i.code == young),
        Y - 2: next(i.value for i in live[Y - 2] if i.code == young),
        Y - 1: next(i.value for i in frozen if i.code == young),  # 75.0, now 100.0
        Y: next(i.value for i in live[Y] if i.code == young),  # today's, not the frozen one
    }
    assert shown.trend[Y - 1] != next(i.value for i in compute(school, Y - 1) if i.code == young)


def test_the_report_prints_the_frozen_year_and_trend_and_the_live_one_otherwise(history):
    school, _other = history
    result = snapshot.freeze(school, Y - 1, by=None)
    young_1 = Person.objects.for_school(school).get(hired_on=last_day(Y - 3))
    mentor = Person.objects.for_school(school).get(last_name="Наставник")
    mentorship(school, mentors=[mentor], mentees=[young_1], start=day(Y, 3, 1), end=day(Y, 12, 31))
    teachers = "teachers_in_programs"

    frozen_year = overview.official(school, Y - 1, trend_code=teachers, trend_count=3)
    assert frozen_year.result == result
    assert frozen_year.gaps == snapshot.gaps_of(result)
    assert [i.to_data() for i in frozen_year.indicators] == result.data["indicators"]

    shown = overview.official(school, Y, trend_code=teachers, trend_count=3)
    assert shown.result is None
    assert [i.to_data() for i in shown.indicators] == [i.to_data() for i in compute(school, Y)]
    assert shown.trend == {
        Y - 2: next(i.value for i in compute(school, Y - 2) if i.code == teachers),
        Y - 1: next(i.value for i in snapshot.indicators_of(result) if i.code == teachers),
        Y: next(i.value for i in compute(school, Y) if i.code == teachers),
    }
    assert reports.context(school, Y)["gaps"] == data_gaps(school, Y)


def test_the_trend_costs_no_query_per_year(history):
    school, _other = history
    with CaptureQueriesContext(connection) as one_year:
        overview.current(school, Y, trend_code="young_in_programs", trend_count=1)
    with CaptureQueriesContext(connection) as six_years:
        shown = overview.current(school, Y, trend_code="young_in_programs", trend_count=6)
    assert len(six_years) == len(one_year)
    assert len(shown.trend) == 6

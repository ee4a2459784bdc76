"""A pair across schools in the indicators (issue 18, item 3): each person counts in their own
school, the pair and its program in the mentee's school (monitoring/indicators.py)."""

import datetime

import pytest

from mentoring.models import CrossSchoolLink
from monitoring.indicators import compute, compute_many, people_behind
from surveys import answering, sending
from tests.factories import MunicipalityFactory, SchoolFactory
from tests.monitoring.test_indicators import SEPT_1, Y, mentorship, teacher
from tests.surveys.helpers import sample_values, survey_from


def figures(school):
    return {i.code: (i.numerator, i.denominator) for i in compute(school, Y)}


@pytest.fixture
def cross(db):
    municipality = MunicipalityFactory()
    host = SchoolFactory(municipality=municipality)  # the mentee's school
    home = SchoolFactory(municipality=municipality)  # the mentor's school
    # The mentor: a teacher of «home», over 35, long experience; one colleague not in programs.
    mentor = teacher(home, last_name="Наставник", birth_date=datetime.date(1970, 1, 1))
    teacher(home, last_name="Коллега")
    # The mentee: a young teacher of «host» under 35; one colleague not in programs.
    mentee = teacher(
        host,
        last_name="Молодая",
        teaching_started_on=datetime.date(Y - 1, 9, 1),
        hired_on=datetime.date(Y - 1, 9, 1),
        birth_date=datetime.date(2000, 1, 1),
    )
    teacher(host, last_name="Опытная")
    pair = mentorship(host, mentors=[mentor], mentees=[mentee], start=SEPT_1, end=datetime.date(Y + 1, 5, 31))
    CrossSchoolLink.objects.create(mentorship=pair, mentor_school=home, municipality=municipality)
    return host, home, pair, mentor, mentee


def test_the_mentor_counts_in_the_mentors_school_and_the_mentee_and_the_pair_in_the_mentees(cross):
    host, home, _pair, mentor, mentee = cross
    at_host, at_home = figures(host), figures(home)

    # The pair itself: in the mentee's school only.
    assert at_host["mentorships"] == (1, None)
    assert at_home["mentorships"] == (0, None)
    assert at_host["groups"] == (0, None)
    assert at_home["groups"] == (0, None)
    # People: each in their own school.
    assert at_host["mentees"] == (1, None)
    assert at_home["mentees"] == (0, None)
    assert at_host["mentors"] == (0, None)
    assert at_home["mentors"] == (1, None)
    # Mentee-based shares: the mentee's school (2 teachers, 1 young, 1 under 35 there).
    assert at_host["young_in_programs"] == (1, 1)
    assert at_host["under35_in_programs"] == (1, 1)
    assert at_home["young_in_programs"] == (0, 0)
    assert at_home["under35_in_programs"] == (0, 0)
    # Teachers in programs: the mentor is a teacher of his school taking part; the mentee of hers.
    assert at_host["teachers_in_programs"] == (1, 2)
    assert at_home["teachers_in_programs"] == (1, 2)
    # Satisfaction denominators follow the people.
    assert at_host["mentee_satisfaction"] == (0, 1)
    assert at_host["mentor_satisfaction"] == (0, 0)
    assert at_home["mentee_satisfaction"] == (0, 0)
    assert at_home["mentor_satisfaction"] == (0, 1)

    # The drill-down names each school's own people.
    assert people_behind(home, Y, "mentors")[0] == [mentor]
    assert people_behind(host, Y, "mentees")[0] == [mentee]


def test_the_same_figures_when_the_municipality_computes_both_schools_at_once(cross):
    host, home, *_ = cross
    together = compute_many([host, home], Y)
    assert {i.code: (i.numerator, i.denominator) for i in together[host.pk]} == figures(host)
    assert {i.code: (i.numerator, i.denominator) for i in together[home.pk]} == figures(home)


def test_the_mentors_named_answer_to_the_mentees_schools_survey_counts_in_his_school(cross):
    host, home, pair, _mentor, _mentee = cross
    survey = survey_from(host, key="mentor_exit")
    invitation = next(i for i in sending.invite(survey=survey, mentorship=pair, by=None) if i.role == "mentor")
    answering.submit(
        invitation=invitation,
        values=sample_values(survey, likert=5),
        at=datetime.datetime(Y + 1, 5, 20, 12, 0, tzinfo=datetime.UTC),
    )
    assert figures(home)["mentor_satisfaction"] == (1, 1)
    assert figures(host)["mentor_satisfaction"] == (0, 0)
    responded = {i.code: i.responded for i in compute(home, Y)}
    assert responded["mentor_satisfaction"] == 1

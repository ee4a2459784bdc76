"""The satisfaction indicators on crafted data: who counts, in which year, and how many queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.selectors import competence_comparison, satisfaction, satisfaction_by_school
from tests.factories import SchoolFactory
from tests.surveys.helpers import answer_through_link, at, crafted_response, own_mentorship, survey_from


def test_four_and_five_count_as_satisfied_three_does_not(cast):
    survey = survey_from(cast.school, "mentee_exit")
    for value in (5, 4, 3, 2, 5):
        crafted_response(survey, overall=value)
    crafted_response(survey)  # answered nothing to the satisfaction question: not a respondent to it

    assert satisfaction(school=cast.school, year=2026, role="mentee") == (3, 5)


def test_only_exit_surveys_and_only_the_role_count(cast):
    exit_ = survey_from(cast.school, "mentee_exit", audience="both")
    entry_with_flag = survey_from(cast.school, "mentee_exit", stage="entry")
    crafted_response(exit_, overall=5)
    crafted_response(exit_, role="mentor", overall=3)
    crafted_response(entry_with_flag, overall=5)

    assert satisfaction(school=cast.school, year=2026, role="mentee") == (1, 1)
    assert satisfaction(school=cast.school, year=2026, role="mentor") == (0, 1)


def test_the_academic_year_runs_from_1_september_to_31_august(cast):
    survey = survey_from(cast.school, "mentee_exit")
    crafted_response(survey, overall=5, when=at(2026, 9, 1, 9, 0))
    crafted_response(survey, overall=4, when=at(2027, 8, 31, 18, 0))
    crafted_response(survey, overall=5, when=at(2027, 9, 1, 9, 0))
    crafted_response(survey, overall=5, when=at(2026, 8, 31, 18, 0))

    assert satisfaction(school=cast.school, year=2026, role="mentee") == (2, 2)
    assert satisfaction(school=cast.school, year=2027, role="mentee") == (1, 1)
    assert satisfaction(school=cast.school, year=2025, role="mentee") == (1, 1)


def test_the_year_of_a_real_submission_follows_its_local_date(cast):
    pair = own_mentorship(cast)
    late_august = survey_from(cast.school, "mentee_exit")
    first_september = survey_from(cast.school, "mentee_exit")
    answer_through_link(late_august, pair, likert=5, when=at(2027, 8, 31, 23, 50))
    answer_through_link(first_september, pair, likert=4, when=at(2027, 9, 1, 0, 10))

    assert satisfaction(school=cast.school, year=2026, role="mentee") == (1, 1)
    assert satisfaction(school=cast.school, year=2027, role="mentee") == (1, 1)


def test_another_schools_answers_are_excluded(cast):
    crafted_response(survey_from(cast.school, "mentee_exit"), overall=5)
    crafted_response(survey_from(cast.other_school, "mentee_exit"), overall=2)
    crafted_response(survey_from(cast.other_school, "mentee_exit"), overall=4)

    assert satisfaction(school=cast.school, year=2026, role="mentee") == (1, 1)
    assert satisfaction(school=cast.other_school, year=2026, role="mentee") == (1, 2)


def _schools_with_answers(count):
    schools = []
    for index in range(count):
        school = SchoolFactory()
        mentees, mentors = survey_from(school, "mentee_exit"), survey_from(school, "mentor_exit")
        for value in [5, 4, 3][: index % 3 + 1]:
            crafted_response(mentees, overall=value)
        crafted_response(mentors, role="mentor", overall=2 + index % 4)
        schools.append(school)
    schools.append(SchoolFactory())  # no surveys at all
    return schools


@pytest.mark.django_db
def test_by_school_equals_the_per_school_figures():
    schools = _schools_with_answers(4)
    for role in ("mentee", "mentor"):
        by_school = satisfaction_by_school(schools=schools, year=2026, role=role)
        assert by_school == {s.pk: satisfaction(school=s, year=2026, role=role) for s in schools}
    assert satisfaction_by_school(schools=schools, year=2026, role="mentee")[schools[-1].pk] == (0, 0)
    assert satisfaction_by_school(schools=[s.pk for s in schools[:2]], year=2026, role="mentee") == {
        schools[0].pk: (1, 1),
        schools[1].pk: (2, 2),
    }


@pytest.mark.django_db
def test_by_school_takes_one_query_for_2_or_10_schools():
    schools = _schools_with_answers(10)
    counts = []
    for group in (schools[:2], schools):
        with CaptureQueriesContext(connection) as queries:
            satisfaction_by_school(schools=group, year=2026, role="mentee")
        counts.append(len(queries))
    assert counts == [1, 1]


def test_the_comparison_and_the_satisfaction_take_one_query_each(cast):
    pair = own_mentorship(cast)
    answer_through_link(survey_from(cast.school, "mentee_entry"), pair, likert=2)
    answer_through_link(survey_from(cast.school, "mentee_exit"), pair, likert=4)

    with CaptureQueriesContext(connection) as queries:
        competence_comparison(school=cast.school, role="mentee", mentorship=pair)
        satisfaction(school=cast.school, year=2026, role="mentee")
    assert len(queries) == 2

"""Issue 14's definitions, one boundary at a time: each small school below is built so that one
rule of the contract decides a number, and the numerator and the denominator are both asserted.

Academic year Y = 2026: 1 September 2026 – 31 August 2027.
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from mentoring.models import Mentorship, Participant, Status
from monitoring.indicators import DEFINITIONS, compute, data_gaps
from people.models import PersonKind
from surveys import answering, builder
from surveys.models import Invitation
from tests.factories import PersonFactory, SchoolFactory
from tests.monitoring.test_indicators import SEPT_1, Y, mentorship, teacher
from tests.surveys.helpers import sample_values

END = datetime.date(Y + 1, 8, 31)  # the last day of Y
PLANNED_END = datetime.date(Y + 1, 5, 31)
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def by_code(school, year=Y):
    return {i.code: i for i in compute(school, year)}


def figures(indicator):
    return indicator.numerator, indicator.denominator


def young(school, **fields):
    """A teacher who began a year before Y: young in Y."""
    return teacher(school, teaching_started_on=datetime.date(Y - 1, 9, 1), **fields)


# --- which mentorships count -------------------------------------------------------------


@pytest.mark.django_db
def test_a_pair_terminated_after_approval_counts_and_a_pair_never_formed_does_not():
    school = SchoolFactory()
    mentor, kept, dropped = teacher(school), young(school), young(school)
    terminated = mentorship(
        school,
        mentors=[mentor],
        mentees=[kept],
        start=SEPT_1,
        end=PLANNED_END,
        status=Status.TERMINATED,
        actual_end=datetime.date(Y, 12, 15),
    )
    Mentorship.objects.filter(pk=terminated.pk).update(order_number="12-о", order_date=datetime.date(Y, 8, 28))
    never = mentorship(school, mentors=[mentor], mentees=[dropped], start=SEPT_1, end=PLANNED_END, status="draft")
    Mentorship.objects.filter(pk=never.pk).update(status=Status.NOT_FORMED)

    result = by_code(school)
    assert figures(result["young_in_programs"]) == (1, 2)
    assert figures(result["teachers_in_programs"]) == (2, 3)  # the mentor and the kept mentee
    assert result["mentorships"].numerator == 1
    assert result["mentees"].numerator == 1
    assert result["mentor_satisfaction"].denominator == 1
    assert result["mentee_satisfaction"].denominator == 1  # the dropped mentee is nobody's mentee


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "proposed"])
def test_pairs_not_yet_fixed_by_an_order_do_not_count(status):
    school = SchoolFactory()
    mentorship(school, mentors=[teacher(school)], mentees=[young(school)], start=SEPT_1, end=PLANNED_END, status=status)
    result = by_code(school)
    assert figures(result["young_in_programs"]) == (0, 1)
    assert figures(result["teachers_in_programs"]) == (0, 2)
    assert result["mentorships"].numerator == 0


@pytest.mark.django_db
def test_a_mentorship_ended_early_counts_up_to_its_actual_end_only():
    school = SchoolFactory()
    mentor, mentee = teacher(school), young(school)
    # Planned into Y, but terminated (after approval) on 31 August Y: it never reached Y.
    mentorship(
        school,
        mentors=[mentor],
        mentees=[mentee],
        start=datetime.date(Y - 1, 9, 1),
        end=PLANNED_END,
        status=Status.TERMINATED,
        actual_end=datetime.date(Y, 8, 31),
    )
    assert figures(by_code(school)["young_in_programs"]) == (0, 1)
    assert figures(by_code(school, Y - 1)["young_in_programs"]) == (1, 1)


@pytest.mark.django_db
def test_a_replaced_mentor_counts_only_in_the_years_of_their_own_period():
    school = SchoolFactory()
    replaced, successor, mentee = teacher(school), teacher(school), young(school)
    made = mentorship(school, mentors=[replaced], mentees=[mentee], start=datetime.date(Y - 1, 9, 1), end=PLANNED_END)
    Participant.objects.filter(mentorship=made, person=replaced).update(ended_on=datetime.date(Y, 6, 30))
    Participant.objects.create(mentorship=made, person=successor, role="mentor", started_on=datetime.date(Y, 7, 1))

    result = by_code(school)
    assert result["mentors"].numerator == 1  # the successor only
    assert figures(result["teachers_in_programs"]) == (2, 3)  # the successor and the mentee
    assert figures(result["mentor_satisfaction"]) == (0, 1)
    last_year = by_code(school, Y - 1)
    assert last_year["mentors"].numerator == 2  # both mentored during Y-1
    assert figures(last_year["teachers_in_programs"]) == (3, 3)


# --- staff(Y) ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_hire_on_the_last_day_of_the_year_counts_and_the_day_after_does_not():
    school = SchoolFactory()
    mentor = teacher(school)
    teacher(school, hired_on=END)  # works one day of Y
    teacher(school, hired_on=END + datetime.timedelta(days=1))
    mentorship(school, mentors=[mentor], mentees=[], start=SEPT_1, end=PLANNED_END)
    assert figures(by_code(school)["teachers_in_programs"]) == (1, 2)


@pytest.mark.django_db
def test_a_last_working_day_on_1_september_counts_and_on_31_august_does_not():
    school = SchoolFactory()
    mentor = teacher(school)
    teacher(school, left_on=SEPT_1)  # the last day worked is the first day of Y
    teacher(school, left_on=SEPT_1 - datetime.timedelta(days=1))
    mentorship(school, mentors=[mentor], mentees=[], start=SEPT_1, end=PLANNED_END)
    assert figures(by_code(school)["teachers_in_programs"]) == (1, 2)


@pytest.mark.django_db
def test_a_librarian_a_secretary_and_the_director_are_not_pedagogical_staff():
    school = SchoolFactory()
    mentor, mentee = teacher(school), young(school)
    librarian = teacher(school, position="Библиотекарь", is_pedagogical=False)
    secretary = teacher(school, position="Секретарь", is_pedagogical=False)
    teacher(school, position="Директор", is_pedagogical=False)
    teacher(school, position="Педагог-библиотекарь")  # of the nomenclature: pedagogical
    # The secretary even mentors someone: she is a mentor, not a teacher of the school.
    mentorship(school, mentors=[mentor, secretary], mentees=[mentee, librarian], start=SEPT_1, end=PLANNED_END)

    result = by_code(school)
    assert figures(result["teachers_in_programs"]) == (2, 3)
    assert figures(result["young_in_programs"]) == (1, 1)
    assert result["mentors"].numerator == 2  # every mentor counts among the mentors
    assert result["mentees"].numerator == 2


@pytest.mark.django_db
def test_pupils_and_outsiders_are_never_staff():
    school = SchoolFactory()
    mentor = teacher(school)
    pupil = PersonFactory(school=school, kind=PersonKind.PUPIL, teaching_started_on=None, hired_on=None)
    outsider = PersonFactory(school=school, kind=PersonKind.EXTERNAL)
    mentorship(school, mentors=[mentor, outsider], mentees=[pupil], start=SEPT_1, end=PLANNED_END)
    result = by_code(school)
    assert figures(result["teachers_in_programs"]) == (1, 1)
    assert result["mentees"].numerator == 1
    assert result["mentors"].numerator == 2


# --- young(Y) and under 35 ---------------------------------------------------------------


@pytest.mark.django_db
def test_exactly_three_years_is_not_young_and_two_years_364_days_is():
    school = SchoolFactory()
    mentor = teacher(school)
    almost = teacher(school, teaching_started_on=datetime.date(Y - 3, 9, 2))  # 2 years 364 days on 1.09.Y
    exactly = teacher(school, teaching_started_on=datetime.date(Y - 3, 9, 1))
    teacher(school, teaching_started_on=None)
    mentorship(school, mentors=[mentor], mentees=[almost, exactly], start=SEPT_1, end=PLANNED_END)
    assert figures(by_code(school)["young_in_programs"]) == (1, 1)
    assert data_gaps(school, Y)["no_start_date"] == 1


@pytest.mark.django_db
def test_experience_is_taken_on_the_hire_date_when_it_is_later_and_an_october_hire_counts():
    school = SchoolFactory()
    mentor = teacher(school)
    hired = datetime.date(Y, 10, 15)
    # Began three years before the hire date less a day: young when hired in October.
    october = teacher(school, hired_on=hired, teaching_started_on=datetime.date(Y - 3, 10, 16))
    teacher(school, hired_on=hired, teaching_started_on=datetime.date(Y - 3, 10, 15))  # exactly 3 years then
    mentorship(school, mentors=[mentor], mentees=[october], start=datetime.date(Y, 10, 20), end=PLANNED_END)
    assert figures(by_code(school)["young_in_programs"]) == (1, 1)


@pytest.mark.django_db
def test_under_35_is_taken_on_1_september_or_the_later_hire_date_and_has_no_default_target():
    school = SchoolFactory()
    mentor = teacher(school)
    on_sept_1 = teacher(school, birth_date=datetime.date(Y - 35, 9, 2))  # 34 on 1.09.Y
    teacher(school, birth_date=datetime.date(Y - 35, 9, 1))  # 35 on 1.09.Y
    # 34 on 1.09.Y, but 35 on the day hired in December: not under 35.
    teacher(school, birth_date=datetime.date(Y - 35, 11, 1), hired_on=datetime.date(Y, 12, 1))
    mentorship(school, mentors=[mentor], mentees=[on_sept_1], start=SEPT_1, end=PLANNED_END)
    result = by_code(school)["under35_in_programs"]
    assert figures(result) == (1, 1)
    assert result.target is None
    assert result.met is None


# --- satisfaction ------------------------------------------------------------------------


def _survey(school, key, *, anonymous=False):
    survey = builder.survey_from_template(school=school, key=key, by=None)
    if anonymous:
        survey.anonymous = True
        survey.save()
    return survey


def _answer(survey, made, person, likert, *, role="mentee", at=None):
    at = at or datetime.datetime(Y + 1, 5, 20, 12, 0, tzinfo=MOSCOW)
    invitation = Invitation.objects.create(survey=survey, mentorship=made, person=person, role=role)
    # Sent the day before: an anonymous answer belongs to the academic year its link was sent in.
    Invitation.objects.filter(pk=invitation.pk).update(created_at=at - datetime.timedelta(days=1))
    invitation.refresh_from_db()
    answering.submit(invitation=invitation, values=sample_values(survey, likert=likert), at=at)


@pytest.fixture
def five_mentees(db):
    school = SchoolFactory()
    mentor = teacher(school)
    mentees = [young(school) for _ in range(5)]
    made = mentorship(school, mentors=[mentor], mentees=mentees, start=SEPT_1, end=PLANNED_END)
    return school, mentor, mentees, made


def test_satisfaction_is_over_all_mentees_with_the_response_rate_beside_it(five_mentees):
    school, _mentor, mentees, made = five_mentees
    _answer(_survey(school, "mentee_exit"), made, mentees[0], 5)
    result = by_code(school)["mentee_satisfaction"]
    assert figures(result) == (1, 5)
    assert result.responded == 1
    assert result.value == Decimal("20.0")
    assert result.response_rate == Decimal("20.0")
    assert result.met is False
    assert result.as_dict()["response_rate"] == 20.0


def test_an_anonymous_satisfied_answer_counts_as_one_satisfied_person(five_mentees):
    school, _mentor, mentees, made = five_mentees
    survey = _survey(school, "mentee_exit", anonymous=True)
    _answer(survey, made, mentees[0], 5)
    _answer(survey, made, mentees[1], 2)
    _answer(survey, made, mentees[2], 4)
    result = by_code(school)["mentee_satisfaction"]
    assert figures(result) == (2, 5)
    assert result.responded == 3


def test_fewer_than_three_anonymous_answers_do_not_count_as_they_would_name_their_authors(five_mentees):
    school, _mentor, mentees, made = five_mentees
    survey = _survey(school, "mentee_exit", anonymous=True)
    _answer(survey, made, mentees[0], 5)
    _answer(survey, made, mentees[1], 2)
    result = by_code(school)["mentee_satisfaction"]
    assert figures(result) == (0, 5)
    assert result.responded == 0


def test_an_anonymous_survey_for_mentors_and_mentees_together_has_no_role_to_count_in(five_mentees):
    school, mentor, mentees, made = five_mentees
    survey = _survey(school, "mentee_exit", anonymous=True)
    survey.audience = "both"
    survey.save()
    for mentee in mentees[:3]:
        _answer(survey, made, mentee, 5)
    _answer(survey, made, mentor, 5, role="mentor")
    result = by_code(school)
    assert result["mentee_satisfaction"].responded == 0
    assert result["mentor_satisfaction"].responded == 0


def test_a_persons_latest_answer_of_the_year_decides_and_they_count_once(five_mentees):
    school, _mentor, mentees, made = five_mentees
    first, second = _survey(school, "mentee_exit"), _survey(school, "mentee_exit")
    _answer(first, made, mentees[0], 5, at=datetime.datetime(Y, 12, 1, 12, 0, tzinfo=MOSCOW))
    _answer(second, made, mentees[0], 2, at=datetime.datetime(Y + 1, 5, 20, 12, 0, tzinfo=MOSCOW))
    _answer(first, made, mentees[1], 2, at=datetime.datetime(Y, 12, 1, 12, 0, tzinfo=MOSCOW))
    _answer(second, made, mentees[1], 4, at=datetime.datetime(Y + 1, 5, 20, 12, 0, tzinfo=MOSCOW))
    result = by_code(school)["mentee_satisfaction"]
    assert figures(result) == (1, 5)
    assert result.responded == 2


def test_a_person_answering_both_named_and_anonymously_counts_once(five_mentees):
    school, _mentor, mentees, made = five_mentees
    _answer(_survey(school, "mentee_exit"), made, mentees[0], 5)
    _answer(_survey(school, "mentee_exit", anonymous=True), made, mentees[0], 1)
    result = by_code(school)["mentee_satisfaction"]
    assert result.responded == 1
    assert result.numerator == 1


def test_answers_of_another_year_or_role_do_not_count(five_mentees):
    school, mentor, mentees, made = five_mentees
    _answer(_survey(school, "mentee_exit"), made, mentees[0], 5, at=datetime.datetime(Y, 8, 31, 12, 0, tzinfo=MOSCOW))
    _answer(_survey(school, "mentor_exit"), made, mentor, 5, role="mentor")
    result = by_code(school)
    assert figures(result["mentee_satisfaction"]) == (0, 5)
    assert result["mentee_satisfaction"].responded == 0
    assert figures(result["mentor_satisfaction"]) == (1, 1)
    assert result["mentor_satisfaction"].response_rate == Decimal("100.0")


# --- targets and definitions -------------------------------------------------------------


@pytest.mark.django_db
def test_default_targets_per_seed_000():
    school = SchoolFactory()
    for year, young_target in ((2023, Decimal(50)), (2024, Decimal(70)), (Y, Decimal(70))):
        result = by_code(school, year)
        assert result["young_in_programs"].target == young_target
        assert result["teachers_in_programs"].target == Decimal(70)
        assert result["mentee_satisfaction"].target == Decimal(90)
        assert result["mentor_satisfaction"].target == Decimal(90)
        assert result["under35_in_programs"].target is None


def test_every_indicator_says_how_it_is_counted_in_russian():
    for definition in DEFINITIONS:
        assert definition.how, definition.code
        assert any("а" <= ch <= "я" for ch in definition.how.lower()), definition.code
    assert "знаменатель" in {d.code: d.how for d in DEFINITIONS}["mentee_satisfaction"]

"""Each indicator on crafted data, at the boundaries the issue names."""

import datetime
from decimal import Decimal

import pytest

from mentoring.models import Mentorship, Participant
from monitoring.indicators import compute, compute_many, data_gaps, people_behind
from monitoring.models import IndicatorTarget, RoadmapEvent
from people.models import Person, PersonKind
from tests.factories import PersonFactory, SchoolFactory

Y = 2026
SEPT_1 = datetime.date(Y, 9, 1)


def by_code(school, year=Y):
    return {i.code: i for i in compute(school, year)}


def teacher(school, **fields):
    """A pedagogical worker (a teacher) unless ``is_pedagogical=False`` says otherwise."""
    defaults = {
        "teaching_started_on": datetime.date(2000, 9, 1),
        "hired_on": datetime.date(2010, 9, 1),
        "birth_date": datetime.date(1975, 1, 1),
        "position": "Учитель математики",
        "is_pedagogical": True,
    }
    fields = {**defaults, **fields}
    person = PersonFactory(school=school, kind=PersonKind.STAFF, **fields)
    # The flag as the test means it, whatever the position would suggest.
    Person.objects.filter(pk=person.pk).update(is_pedagogical=fields["is_pedagogical"])
    person.is_pedagogical = fields["is_pedagogical"]
    return person


def mentorship(school, *, mentors, mentees, start, end, status="active", actual_end=None):
    from mentoring.models import MentoringForm

    made = Mentorship.objects.create(
        school=school,
        form=MentoringForm.objects.get(school=school, name="педагог – педагог"),
        planned_start=start,
        planned_end=end,
        actual_end=actual_end,
        status=status,
    )
    for person in mentors:
        Participant.objects.create(mentorship=made, person=person, role="mentor", started_on=start)
    for person in mentees:
        Participant.objects.create(mentorship=made, person=person, role="mentee", started_on=start)
    return made


@pytest.mark.django_db
def test_exactly_three_years_is_not_young_and_no_start_date_is_a_counted_gap():
    school = SchoolFactory()
    teacher(school, teaching_started_on=datetime.date(2023, 9, 2))  # 2 years 364 days: young
    teacher(school, teaching_started_on=datetime.date(2023, 9, 1))  # exactly 3 years: not young
    teacher(school, teaching_started_on=None)
    result = by_code(school)
    assert result["young_in_programs"].denominator == 1
    assert data_gaps(school, Y) == {"no_start_date": 1, "no_birth_date": 0}


@pytest.mark.django_db
def test_young_in_programs_counts_mentees_of_mentorships_overlapping_the_year():
    school = SchoolFactory()
    mentor = teacher(school)
    young_in = teacher(school, teaching_started_on=datetime.date(2025, 9, 1), last_name="Вошедшая")
    young_ended_before = teacher(school, teaching_started_on=datetime.date(2025, 9, 1))
    young_starts_after = teacher(school, teaching_started_on=datetime.date(2025, 9, 1))
    young_proposed_only = teacher(school, teaching_started_on=datetime.date(2025, 9, 1))
    mentorship(school, mentors=[mentor], mentees=[young_in], start=SEPT_1, end=datetime.date(2027, 5, 31))
    # Ends on 31 August Y: the day before the year starts.
    mentorship(
        school,
        mentors=[mentor],
        mentees=[young_ended_before],
        start=datetime.date(2026, 1, 10),
        end=datetime.date(2026, 8, 31),
        status="completed",
    )
    # Starts on 1 September Y+1: the day after the year ends.
    mentorship(
        school,
        mentors=[mentor],
        mentees=[young_starts_after],
        start=datetime.date(2027, 9, 1),
        end=datetime.date(2028, 5, 31),
        status="approved",
    )
    mentorship(
        school,
        mentors=[mentor],
        mentees=[young_proposed_only],
        start=SEPT_1,
        end=datetime.date(2027, 5, 31),
        status="proposed",
    )

    result = by_code(school)["young_in_programs"]
    assert (result.numerator, result.denominator, result.value) == (1, 4, Decimal("25.0"))
    inside, outside = people_behind(school, Y, "young_in_programs")
    assert [p.last_name for p in inside] == ["Вошедшая"]
    assert len(outside) == 3


@pytest.mark.django_db
def test_a_mentorship_ending_on_the_first_day_or_starting_on_the_last_day_counts():
    school = SchoolFactory()
    mentor = teacher(school)
    first_day = teacher(school, teaching_started_on=datetime.date(2025, 9, 1))
    last_day = teacher(school, teaching_started_on=datetime.date(2025, 9, 1))
    mentorship(
        school, mentors=[mentor], mentees=[first_day], start=datetime.date(2026, 3, 1), end=SEPT_1, status="completed"
    )
    mentorship(
        school,
        mentors=[mentor],
        mentees=[last_day],
        start=datetime.date(2027, 8, 31),
        end=datetime.date(2028, 5, 31),
        status="approved",
    )
    assert by_code(school)["young_in_programs"].numerator == 2


@pytest.mark.django_db
def test_a_person_in_two_mentorships_counts_once_and_teachers_share_counts_mentors_too():
    school = SchoolFactory()
    mentor = teacher(school)
    mentee = teacher(school, teaching_started_on=datetime.date(2025, 9, 1))
    teacher(school)  # not in any program
    for _ in range(2):
        mentorship(school, mentors=[mentor], mentees=[mentee], start=SEPT_1, end=datetime.date(2027, 5, 31))
    result = by_code(school)
    assert (result["teachers_in_programs"].numerator, result["teachers_in_programs"].denominator) == (2, 3)
    assert result["mentors"].numerator == 1
    assert result["mentees"].numerator == 1
    assert result["mentorships"].numerator == 2


@pytest.mark.django_db
def test_staff_of_the_year_are_who_worked_a_day_of_it_but_not_pupils_and_outsiders():
    school = SchoolFactory()
    mentor = teacher(school)
    hired_mid_year = teacher(school, hired_on=datetime.date(2026, 11, 1))
    last_day_on_sept_1 = teacher(school, left_on=SEPT_1)
    left_before = teacher(school, left_on=SEPT_1 - datetime.timedelta(days=1))
    pupil = PersonFactory(school=school, kind=PersonKind.PUPIL)
    external = PersonFactory(school=school, kind=PersonKind.EXTERNAL)
    mentorship(
        school,
        mentors=[mentor, external],
        mentees=[hired_mid_year, pupil],
        start=SEPT_1,
        end=datetime.date(2027, 5, 31),
    )
    result = by_code(school)["teachers_in_programs"]
    # staff(Y): the mentor, the one hired in November and the one whose last day was 1 September.
    assert (result.numerator, result.denominator) == (2, 3)
    left_out = {p.pk for p in people_behind(school, Y, "teachers_in_programs")[1]}
    assert left_before.pk not in left_out
    assert last_day_on_sept_1.pk in left_out


@pytest.mark.django_db
def test_under_35_counts_by_age_on_1_september():
    school = SchoolFactory()
    mentor = teacher(school)
    just_under = teacher(school, birth_date=datetime.date(1991, 9, 2))  # 34 on 1.09.2026
    exactly_35 = teacher(school, birth_date=datetime.date(1991, 9, 1))
    teacher(school, birth_date=None)
    mentorship(school, mentors=[mentor], mentees=[just_under, exactly_35], start=SEPT_1, end=datetime.date(2027, 5, 31))
    result = by_code(school)["under35_in_programs"]
    assert (result.numerator, result.denominator) == (1, 1)


@pytest.mark.django_db
def test_groups_school_events_and_targets():
    school = SchoolFactory()
    mentor = teacher(school)
    mentorship(
        school,
        mentors=[mentor],
        mentees=[teacher(school), teacher(school)],
        start=SEPT_1,
        end=datetime.date(2027, 5, 31),
    )
    for status, day in (
        ("held", datetime.date(2026, 10, 5)),
        ("held", datetime.date(2027, 8, 31)),
        ("planned", datetime.date(2026, 12, 1)),
        ("held", datetime.date(2027, 9, 1)),
    ):
        RoadmapEvent.objects.create(
            school=school,
            year=Y,
            stage="Реализация",
            title="Фестиваль наставнических пар",
            starts_on=day,
            for_pairs=True,
            status=status,
        )
    RoadmapEvent.objects.create(
        school=school, year=Y, stage="Подготовка", title="Совещание", starts_on=SEPT_1, status="held"
    )
    result = by_code(school)
    assert result["groups"].numerator == 1
    assert result["school_events"].numerator == 2
    assert result["school_events"].met is True

    assert result["young_in_programs"].target == Decimal(70)
    IndicatorTarget.objects.create(school=school, code="young_in_programs", year=Y, value=Decimal("85"))
    assert by_code(school)["young_in_programs"].target == Decimal("85.0")
    assert by_code(school, 2023)["young_in_programs"].target == Decimal(50)


@pytest.mark.django_db
def test_many_schools_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    few = [SchoolFactory() for _ in range(2)]
    many = few + [SchoolFactory() for _ in range(8)]
    for school in many:
        mentorship(
            school, mentors=[teacher(school)], mentees=[teacher(school)], start=SEPT_1, end=datetime.date(2027, 5, 31)
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        compute_many(few, Y)
    with CaptureQueriesContext(connection) as large:
        result = compute_many(many, Y)
    assert len(large) == len(small)
    assert all(indicators[1].numerator == 2 for indicators in result.values())

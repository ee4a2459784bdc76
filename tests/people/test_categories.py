"""Mentee categories: computed from the card where possible, chosen otherwise."""

import datetime

import pytest

from people.experience import full_years_between, is_young_specialist
from people.models import CategoryMark, MenteeCategory, Person, PersonKind
from tests.factories import PersonFactory

SEPT_1 = datetime.date(2026, 9, 1)


@pytest.mark.parametrize(
    ("began", "young"),
    [
        (datetime.date(2023, 9, 2), True),  # 2 years 364 days
        (datetime.date(2023, 9, 1), False),  # exactly 3 full years
        (datetime.date(2020, 9, 1), False),
        (None, False),  # unknown start is not young
    ],
)
def test_young_specialist_is_under_three_full_years(began, young):
    assert is_young_specialist(began, SEPT_1) is young


def test_full_years_handle_leap_days():
    assert full_years_between(datetime.date(2020, 2, 29), datetime.date(2023, 2, 28)) == 2
    assert full_years_between(datetime.date(2020, 2, 29), datetime.date(2023, 3, 1)) == 3


def test_threshold_is_a_setting(settings):
    settings.YOUNG_SPECIALIST_YEARS = 5
    assert is_young_specialist(datetime.date(2022, 9, 1), SEPT_1)


@pytest.mark.django_db
def test_queryset_and_card_agree_on_computed_categories():
    school = PersonFactory().school
    young = PersonFactory(
        school=school, teaching_started_on=datetime.date(2024, 9, 1), hired_on=datetime.date(2020, 1, 1)
    )
    veteran = PersonFactory(
        school=school, teaching_started_on=datetime.date(2000, 9, 1), hired_on=datetime.date(2026, 3, 1)
    )
    student = PersonFactory(school=school, kind=PersonKind.PRACTICUM_STUDENT, teaching_started_on=None)
    pupil = PersonFactory(school=school, kind=PersonKind.PUPIL, teaching_started_on=datetime.date(2025, 9, 1))

    for category in (MenteeCategory.YOUNG_SPECIALIST, MenteeCategory.NEW_AT_SCHOOL, MenteeCategory.PRACTICUM_STUDENT):
        in_db = set(Person.objects.for_school(school).with_category(category, SEPT_1))
        on_card = {p for p in (young, veteran, student, pupil) if category in p.computed_categories(SEPT_1)}
        assert in_db == on_card, category

    assert young.computed_categories(SEPT_1) == {MenteeCategory.YOUNG_SPECIALIST}
    assert veteran.computed_categories(SEPT_1) == {MenteeCategory.NEW_AT_SCHOOL}
    assert pupil.computed_categories(SEPT_1) == set()


@pytest.mark.django_db
def test_chosen_categories_and_the_needing_list():
    school = PersonFactory().school
    burnt_out = PersonFactory(
        school=school, teaching_started_on=datetime.date(1995, 9, 1), hired_on=datetime.date(2000, 9, 1)
    )
    CategoryMark.objects.create(person=burnt_out, category=MenteeCategory.BURNOUT)
    settled = PersonFactory(
        school=school, teaching_started_on=datetime.date(1995, 9, 1), hired_on=datetime.date(2000, 9, 1)
    )
    young_but_left = PersonFactory(
        school=school, teaching_started_on=datetime.date(2025, 9, 1), left_on=datetime.date(2026, 6, 30)
    )

    needing = set(Person.objects.for_school(school).needing_a_mentor(SEPT_1))

    assert burnt_out in needing
    assert settled not in needing
    assert young_but_left not in needing
    assert burnt_out.categories(SEPT_1) == [MenteeCategory.BURNOUT]

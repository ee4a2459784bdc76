"""Suggestions understand who may mentor whom and Russian school levels: a pupil is never
offered to a teacher, and «в 7 классе» does not meet «Начальные классы»."""

import pytest
from django.utils import translation

from mentoring.levels import Level, level_of_class, levels_in
from mentoring.matching import ReasonKind, stems, suggest_mentors
from people.models import MenteeProfile, MentorProfile, PersonKind
from tests.factories import PersonFactory, SchoolFactory
from tests.mentoring.test_matching import ON, by_name, make_mentee, make_mentor, names, reasons_of


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Начальные классы", {Level.PRIMARY}),
        ("учитель начальных классов", {Level.PRIMARY}),
        ("трудности с дисциплиной в 7 классе", {Level.BASIC}),
        ("математика, 5–9 классы", {Level.BASIC}),
        ("в 5-х и 6-х классах", {Level.BASIC}),
        ("1-4 кл.", {Level.PRIMARY}),
        ("10, 11 классы", {Level.SECONDARY}),
        ("старшие классы; основная школа", {Level.BASIC, Level.SECONDARY}),
        ("Классное руководство", set()),
        ("история", set()),
    ],
)
def test_levels_in_words_and_grades(text, expected):
    assert levels_in(text) == expected


def test_a_pupils_class_gives_the_level():
    assert level_of_class("10А") == Level.SECONDARY
    assert level_of_class("7 б") == Level.BASIC
    assert level_of_class("3") == Level.PRIMARY
    assert level_of_class("") is None


def test_the_noun_class_is_no_competence_word_but_class_teaching_is():
    assert "класс" not in stems("в 7 классе")
    assert "класс" in stems("классное руководство")


def make_pupil(school, last_name, school_class, *, mentor=False):
    person = PersonFactory(school=school, last_name=last_name, kind=PersonKind.PUPIL, school_class=school_class)
    if mentor:
        MentorProfile.objects.create(person=person, max_mentees=2)
    else:
        MenteeProfile.objects.create(person=person)
    return person


def test_a_pupil_is_never_suggested_to_mentor_a_teacher(school):
    make_pupil(school, "Школьникова", "10А", mentor=True)
    make_mentor(school, "Учителева")
    teacher = make_mentee(school)

    assert names(suggest_mentors(mentees=[teacher], on=ON)) == ["Учителева"]


def test_a_pupil_is_suggested_to_a_pupil(school):
    make_pupil(school, "Школьникова", "10А", mentor=True)
    make_mentor(school, "Учителева")
    pupil = make_pupil(school, "Младшая", "10Б")

    assert sorted(names(suggest_mentors(mentees=[pupil], on=ON))) == ["Учителева", "Школьникова"]


def test_seventh_grade_does_not_meet_primary_school(school):
    mentee = make_mentee(school, deficits=["Дисциплина на уроках в 7 классе"])
    make_mentor(school, "Начальная", subjects="Начальные классы")
    make_mentor(school, "Основная", subjects="Математика", competence="Дисциплина на уроках, 5–9 классы")

    found = by_name(suggest_mentors(mentees=[mentee], on=ON))

    assert not reasons_of(found["Начальная"], ReasonKind.COMPETENCE)
    [other_level] = reasons_of(found["Начальная"], ReasonKind.LEVEL)
    assert other_level.points < 0
    assert "basic school" in other_level.text
    assert "primary school" in other_level.text
    [same_level] = reasons_of(found["Основная"], ReasonKind.LEVEL)
    assert same_level.points > 0
    assert reasons_of(found["Основная"], ReasonKind.COMPETENCE)
    assert list(found) == ["Основная", "Начальная"]


def test_pupils_of_different_levels_are_told_apart(school):
    make_pupil(school, "Старшая", "10А", mentor=True)
    make_pupil(school, "Ровесница", "4А", mentor=True)
    pupil = make_pupil(school, "Младшая", "3Б")

    found = by_name(suggest_mentors(mentees=[pupil], on=ON))

    assert reasons_of(found["Ровесница"], ReasonKind.LEVEL)[0].points > 0
    assert reasons_of(found["Старшая"], ReasonKind.LEVEL)[0].points < 0


def test_no_level_named_no_level_reason(school):
    mentee = make_mentee(school, deficits=["Формирующее оценивание"])
    make_mentor(school, "Без уровня", competence="Формирующее оценивание")

    [suggestion] = suggest_mentors(mentees=[mentee], on=ON)

    assert not reasons_of(suggestion, ReasonKind.LEVEL)

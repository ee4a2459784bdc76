"""Mentor suggestions: who is a candidate, how they are scored and ranked, in words."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mentoring.lifecycle import mentor_load
from mentoring.matching import Reason, loads_for, stems, suggest_mentors
from mentoring.models import MentoringForm, MentoringSettings, Mentorship, Participant
from people.models import (
    ConsentKind,
    Deficit,
    MenteeProfile,
    MentorProfile,
    MentorWillingness,
    PersonKind,
    QualificationCategory,
)
from tests.factories import ConsentFactory, PersonFactory, SchoolFactory

ON = datetime.date(2026, 3, 2)
SAME_START = datetime.date(2015, 9, 1)


@pytest.fixture(autouse=True)
def _english():
    """The msgids are English; asserting them holds before and after the Russian catalogue."""
    with translation.override("en"):
        yield


@pytest.fixture
def school(db):
    return SchoolFactory()


def teacher_form(school):
    return MentoringForm.objects.get(school=school, name="педагог – педагог")


def make_mentor(
    school,
    last_name,
    *,
    first_name="Анна",
    competence="",
    subjects="",
    started=SAME_START,
    max_mentees=3,
    willingness=MentorWillingness.READY,
    consents=True,
    **fields,
):
    person = PersonFactory(
        school=school,
        last_name=last_name,
        first_name=first_name,
        subjects=subjects,
        teaching_started_on=started,
        **fields,
    )
    MentorProfile.objects.create(
        person=person, competence_areas=competence, max_mentees=max_mentees, willingness=willingness
    )
    if consents:
        for kind in (ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_PARTICIPATION):
            ConsentFactory(person=person, kind=kind, given_on=datetime.date(2026, 1, 1), scan="")
    return person


def make_mentee(school, last_name="Новикова", *, requests="", deficits=(), subjects="", started=SAME_START):
    person = PersonFactory(
        school=school, last_name=last_name, first_name="Мария", subjects=subjects, teaching_started_on=started
    )
    MenteeProfile.objects.create(person=person, requests=requests)
    for description in deficits:
        Deficit.objects.create(person=person, description=description, diagnosed_on=datetime.date(2026, 1, 15))
    return person


def give_load(mentor, count, *, status="active"):
    """An existing group of ``count`` fresh mentees under the mentor."""
    school = mentor.school
    mentorship = Mentorship.objects.create(
        school=school,
        form=teacher_form(school),
        status=status,
        planned_start=datetime.date(2025, 9, 1),
        planned_end=datetime.date(2026, 5, 31),
    )
    start = mentorship.planned_start
    Participant.objects.create(mentorship=mentorship, person=mentor, role=Participant.Role.MENTOR, started_on=start)
    for _ in range(count):
        Participant.objects.create(
            mentorship=mentorship, person=PersonFactory(school=school), role=Participant.Role.MENTEE, started_on=start
        )
    return mentorship


def names(suggestions):
    return [s.mentor.last_name for s in suggestions]


def by_name(suggestions):
    return {s.mentor.last_name: s for s in suggestions}


def reasons_of(suggestion, kind):
    return [r for r in suggestion.reasons if r.kind == kind]


# --- words -----------------------------------------------------------------------


def test_stems_are_lowercase_cut_words_without_short_function_and_generic_words():
    assert stems("Формирующее оценивание, ЁЛКА и работа с родителями которых") == {
        "форми",
        "оцени",
        "елка",
        "родит",
    }


# --- competence ------------------------------------------------------------------


def test_a_competence_meeting_the_deficit_ranks_above_no_match(school):
    mentee = make_mentee(school, deficits=["Не владеет формирующим оцениванием"])
    make_mentor(school, "Артемьева", competence="хоровое пение")
    make_mentor(school, "Яковлева", competence="Формирующее оценивание; проектная работа")

    found = suggest_mentors(mentees=[mentee], on=ON)

    assert names(found) == ["Яковлева", "Артемьева"]
    assert reasons_of(found[0], "competence") == [
        Reason(
            "competence",
            "Deficit «Не владеет формирующим оцениванием» meets competence «Формирующее оценивание»",
            3,
            mentee,
        )
    ]
    assert reasons_of(found[1], "competence") == []
    assert found[0].score - found[1].score == 3


def test_reasons_name_each_matching_request_and_its_competence(school):
    mentee = make_mentee(school, requests="Взаимодействие с родителями учеников; дисциплина на уроке\nпроектная работа")
    mentor = make_mentor(school, "Орлова", competence="Классное руководство, взаимодействие с семьями обучающихся")

    [suggestion] = suggest_mentors(mentees=[mentee], on=ON)

    assert suggestion.mentor == mentor
    assert [r.text for r in reasons_of(suggestion, "competence")] == [
        "Request «Взаимодействие с родителями учеников» meets competence «взаимодействие с семьями обучающихся»"
    ]


def test_resolved_deficits_and_generic_words_do_not_match(school):
    mentee = make_mentee(school, requests="Работа с документами")
    Deficit.objects.create(
        person=mentee,
        description="Проектная деятельность",
        diagnosed_on=datetime.date(2025, 1, 10),
        resolved_on=datetime.date(2025, 12, 20),
    )
    make_mentor(school, "Орлова", competence="Работа с одарёнными детьми; проектная деятельность")

    [suggestion] = suggest_mentors(mentees=[mentee], on=ON)

    assert reasons_of(suggestion, "competence") == []


def test_the_mentors_subjects_count_as_competences(school):
    mentee = make_mentee(school, requests="Подготовка к олимпиадам по математике")
    make_mentor(school, "Орлова", subjects="Математика")

    [suggestion] = suggest_mentors(mentees=[mentee], on=ON)

    assert [r.text for r in reasons_of(suggestion, "competence")] == [
        "Request «Подготовка к олимпиадам по математике» meets competence «Математика»"
    ]


# --- subject, experience, qualification, consent, willingness -------------------


def test_the_same_subject_beats_a_different_one(school):
    mentee = make_mentee(school, subjects="Физика, математика")
    make_mentor(school, "Артемьева", subjects="История")
    make_mentor(school, "Яковлева", subjects="МАТЕМАТИКА, информатика")

    found = suggest_mentors(mentees=[mentee], on=ON)

    assert names(found) == ["Яковлева", "Артемьева"]
    assert [(r.text, r.points) for r in reasons_of(found[0], "subject")] == [("Same subject: МАТЕМАТИКА", 2)]
    assert found[0].score - found[1].score == 2


@pytest.mark.parametrize(
    ("mentor_started", "text", "points"),
    [
        (datetime.date(2000, 9, 1), "The mentor has 12 more years of experience", 2),
        (datetime.date(2008, 9, 1), "The mentor has 4 more years of experience", 0),
        (datetime.date(2007, 9, 1), "The mentor has 5 more years of experience", 1),
        (datetime.date(2011, 9, 1), "The mentor has 1 more year of experience", 0),
        (datetime.date(2012, 9, 1), "The mentor and the mentee have the same experience", 0),
        (datetime.date(2020, 9, 1), "The mentee has 8 more years of experience", -2),
    ],
)
def test_the_experience_gap_is_stated_and_scored(school, mentor_started, text, points):
    mentee = make_mentee(school, started=datetime.date(2012, 9, 1))
    make_mentor(school, "Орлова", started=mentor_started)

    [suggestion] = suggest_mentors(mentees=[mentee], on=ON)

    assert [(r.text, r.points) for r in reasons_of(suggestion, "experience")] == [(text, points)]


def test_unknown_experience_gives_no_experience_reason(school):
    mentee = make_mentee(school, started=None)
    make_mentor(school, "Орлова", started=datetime.date(2000, 9, 1))

    [suggestion] = suggest_mentors(mentees=[mentee], on=ON)

    assert reasons_of(suggestion, "experience") == []


def test_qualification_missing_consents_and_later_willingness_are_scored(school):
    mentee = make_mentee(school)
    make_mentor(school, "Андреева", qualification_category=QualificationCategory.METHODIST)
    make_mentor(school, "Борисова")
    make_mentor(school, "Васильева", consents=False)
    make_mentor(school, "Григорьева", willingness=MentorWillingness.LATER)

    found = by_name(suggest_mentors(mentees=[mentee], on=ON))

    assert {name: s.score for name, s in found.items()} == {
        "Андреева": 2,
        "Борисова": 1,
        "Васильева": 0,
        "Григорьева": 0,
    }
    assert [(r.text, r.points) for r in reasons_of(found["Андреева"], "qualification")] == [
        ("Qualification category: teacher-methodist", 1)
    ]
    assert [(r.text, r.points) for r in reasons_of(found["Васильева"], "consent")] == [
        (
            "Consents to collect before proposing: personal data processing (152-FZ); participation as a mentor",
            -1,
        )
    ]
    assert [(r.text, r.points) for r in reasons_of(found["Григорьева"], "willingness")] == [
        ("Ready to mentor later, by the questionnaire", -1)
    ]


# --- load ------------------------------------------------------------------------


def test_over_own_maximum_is_penalized_and_over_the_hard_cap_excluded(school):
    MentoringSettings.objects.filter(school=school).update(mentor_hard_cap=3)
    mentee = make_mentee(school)
    free = make_mentor(school, "Андреева", max_mentees=3)
    give_load(free, 1)
    full = make_mentor(school, "Борисова", max_mentees=2)
    give_load(full, 2)
    capped = make_mentor(school, "Васильева", max_mentees=5)
    give_load(capped, 3)

    found = suggest_mentors(mentees=[mentee], on=ON)

    assert names(found) == ["Андреева", "Борисова"]
    assert [(s.load, s.capacity) for s in found] == [(1, 3), (2, 2)]
    assert [(r.text, r.points) for r in reasons_of(found[0], "load")] == [("Free places: 2 of 3", 1)]
    assert [(r.text, r.points) for r in reasons_of(found[1], "load")] == [
        ("Would exceed their own maximum: 3 mentees with a maximum of 2", -3)
    ]


def test_ties_are_broken_by_load_then_by_name(school):
    mentee = make_mentee(school)
    busy = make_mentor(school, "Абрамова")
    give_load(busy, 1)
    make_mentor(school, "Борисова", first_name="Ольга")
    make_mentor(school, "Борисова", first_name="Елена")
    make_mentor(school, "Алексеева")

    found = suggest_mentors(mentees=[mentee], on=ON)

    assert len({s.score for s in found}) == 1
    assert [(s.mentor.last_name, s.mentor.first_name, s.load) for s in found] == [
        ("Алексеева", "Анна", 0),
        ("Борисова", "Елена", 0),
        ("Борисова", "Ольга", 0),
        ("Абрамова", "Анна", 1),
    ]


def test_loads_count_distinct_current_mentees_of_loading_mentorships_as_mentor_load_does(school):
    first, second, idle = make_mentor(school, "А"), make_mentor(school, "Б"), make_mentor(school, "В")
    group = give_load(first, 2)
    repeated = Participant.objects.filter(mentorship=group, role=Participant.Role.MENTEE).first().person
    other = give_load(first, 0, status="proposed")
    Participant.objects.create(
        mentorship=other, person=repeated, role=Participant.Role.MENTEE, started_on=other.planned_start
    )
    give_load(first, 4, status="draft")
    give_load(second, 1)
    ended = give_load(second, 1, status="approved")
    ended.participants.filter(role=Participant.Role.MENTEE).update(ended_on=datetime.date(2026, 1, 1))
    give_load(second, 3, status="completed")

    loads = loads_for([first, second, idle])

    assert loads == {first.pk: 2, second.pk: 1, idle.pk: 0}
    assert loads == {p.pk: mentor_load(p) for p in (first, second, idle)}


# --- who never appears -----------------------------------------------------------


def test_archived_not_ready_wrong_kind_other_school_and_the_mentee_never_appear(school):
    mentee = make_mentee(school)
    MentorProfile.objects.create(person=mentee)
    make_mentor(school, "Годная")
    make_mentor(school, "Ушедшая", left_on=ON)
    make_mentor(school, "Неготовая", willingness=MentorWillingness.NOT_READY)
    make_mentor(school, "Внешняя", kind=PersonKind.EXTERNAL)
    make_mentor(SchoolFactory(), "Чужая")
    PersonFactory(school=school, last_name="Безпрофильная")

    assert sorted(names(suggest_mentors(mentees=[mentee], on=ON))) == ["Внешняя", "Годная"]
    assert names(suggest_mentors(mentees=[mentee], form=teacher_form(school), on=ON)) == ["Годная"]
    assert sorted(names(suggest_mentors(mentees=[mentee], on=ON - datetime.timedelta(days=1)))) == [
        "Внешняя",
        "Годная",
        "Ушедшая",
    ]


def test_mentees_and_form_must_be_of_one_school(school):
    other = SchoolFactory()
    with pytest.raises(ValueError, match="one school"):
        suggest_mentors(mentees=[make_mentee(school), make_mentee(other)], on=ON)
    with pytest.raises(ValueError, match="another school"):
        suggest_mentors(mentees=[make_mentee(school)], form=teacher_form(other), on=ON)
    with pytest.raises(ValueError, match="at least one"):
        suggest_mentors(mentees=[], on=ON)


# --- several mentees, determinism, limit ------------------------------------------


def test_several_mentees_sum_their_matches_and_count_the_mentor_once(school):
    first = make_mentee(school, "Иванова", deficits=["Формирующее оценивание"])
    second = make_mentee(school, "Петрова", subjects="Химия")
    make_mentor(school, "Андреева", competence="оценивание результатов", subjects="химия", max_mentees=3)
    make_mentor(
        school, "Борисова", competence="оценивание", qualification_category=QualificationCategory.HIGHEST, max_mentees=1
    )

    found = by_name(suggest_mentors(mentees=[first, second], on=ON))

    andreeva, borisova = found["Андреева"], found["Борисова"]
    assert [(r.kind, r.mentee, r.points) for r in andreeva.reasons] == [
        ("competence", first, 3),
        ("experience", first, 0),
        ("subject", second, 2),
        ("experience", second, 0),
        ("load", None, 1),
    ]
    assert andreeva.score == 6
    assert andreeva.reasons[0].text == (
        "Иванова М.И.: Deficit «Формирующее оценивание» meets competence «оценивание результатов»"
    )
    assert [(r.kind, r.points) for r in borisova.reasons if r.mentee is None] == [
        ("qualification", 1),
        ("load", -3),
    ]
    assert borisova.score == 3 + 1 - 3


def test_results_are_identical_across_calls_and_cut_to_the_limit(school):
    mentee = make_mentee(school, requests="проектная работа; функциональная грамотность", subjects="Биология")
    for index, name in enumerate(["Жукова", "Зуева", "Ершова", "Дьякова", "Гусева"]):
        subjects = "биология" if index % 2 else ""
        mentor = make_mentor(school, name, competence="проектная деятельность", subjects=subjects)
        give_load(mentor, index % 3)

    first = suggest_mentors(mentees=[mentee], on=ON)
    second = suggest_mentors(mentees=[mentee], on=ON)

    assert first == second
    assert suggest_mentors(mentees=[mentee], on=ON, limit=2) == first[:2]


# --- efficiency ------------------------------------------------------------------


def _queries_for(school, count):
    mentee = make_mentee(school, requests="проектная деятельность", deficits=["дисциплина"])
    for index in range(count):
        mentor = make_mentor(school, f"Наставник{index:02d}", competence="проектная деятельность")
        give_load(mentor, 1)
    with CaptureQueriesContext(connection) as queries:
        found = suggest_mentors(mentees=[mentee], on=ON, limit=100)
    assert len(found) == count
    return len(queries)


def test_the_query_count_does_not_grow_with_the_candidates(db):
    assert _queries_for(SchoolFactory(), 3) == _queries_for(SchoolFactory(), 12)

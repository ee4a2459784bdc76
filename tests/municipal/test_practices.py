"""The municipal bank of best practices (issue 18, item 7): exactly what the schools publish,
gathered with search and filters, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import MentoringForm, Mentorship, Participant, Status
from municipal import practices
from people.models import Consent, ConsentKind
from programs.models import BestPractice, Program, ProgramStatus
from public.publication import publishable, published_results
from tests.factories import PersonFactory, SchoolFactory

COMPLETED_ON = datetime.date(2026, 5, 20)  # the academic year 2025/26


def published_practice(
    school,
    *,
    title,
    summary="Практика для всех",
    form="педагог – педагог",
    directions="",
    completed_on=COMPLETED_ON,
    consented=True,
    permitted=True,
    results="",
):
    """A completed program of ``school`` with a best practice; its participants' publication
    consent and their permission as asked."""
    mentoring_form, _created = MentoringForm.objects.get_or_create(school=school, name=form)
    start = completed_on - datetime.timedelta(days=200)
    mentorship = Mentorship.objects.create(
        school=school,
        form=mentoring_form,
        planned_start=start,
        planned_end=completed_on,
        actual_end=completed_on,
        status=Status.COMPLETED,
        order_number="1",
        order_date=start,
    )
    for role in (Participant.Role.MENTOR, Participant.Role.MENTEE):
        person = PersonFactory(school=school)
        Participant.objects.create(mentorship=mentorship, person=person, role=role, started_on=start)
        if consented:
            Consent.objects.create(person=person, kind=ConsentKind.PUBLICATION, given_on=datetime.date(2025, 1, 1))
    program = Program.objects.create(
        mentorship=mentorship,
        title=title,
        goal="Цель",
        directions=directions,
        start=start,
        end=completed_on,
        status=ProgramStatus.COMPLETED,
        completed_on=completed_on,
        mentor_report_results=results,
    )
    return BestPractice.objects.create(program=program, summary=summary, permission_to_publish=permitted)


@pytest.fixture
def bank_scene(cast):
    shown_a = published_practice(
        cast.school, title="Урок-исследование", summary="Как вести урок-исследование", directions="методика"
    )
    shown_b = published_practice(
        cast.other_school,
        title="Школа молодого педагога",
        form="ученик – ученик",
        completed_on=datetime.date(2025, 4, 10),
        results="Все дефициты преодолены",
    )
    published_practice(cast.school, title="Несогласованная практика", consented=False)
    published_practice(cast.school, title="Неразрешённая практика", permitted=False)
    published_practice(cast.far_school, title="Практика соседнего района")
    return shown_a, shown_b


def titles(response) -> list[str]:
    return [p.program.title for p in response.context["practices"]]


@pytest.mark.django_db
def test_the_bank_holds_exactly_what_each_school_publishes(cast, bank_scene):
    found = practices.bank(cast.municipality)
    assert {p.practice.pk for p in found} == {
        p.pk for school in (cast.school, cast.other_school) for p in publishable(school).results
    }
    assert [p.program.title for p in found] == ["Урок-исследование", "Школа молодого педагога"]


@pytest.mark.django_db
def test_the_coordinator_searches_and_filters(cast, bank_scene, client_as):
    client = client_as(cast.officer)
    url = reverse("municipal:practices")
    response = client.get(url)
    assert response.status_code == 200
    assert titles(response) == ["Урок-исследование", "Школа молодого педагога"]
    text = response.content.decode()
    assert "Несогласованная практика" not in text
    assert "Неразрешённая практика" not in text
    assert "Практика соседнего района" not in text
    assert reverse("public:programs", kwargs={"slug": cast.school.slug}) + f"#practice-{bank_scene[0].pk}" in text

    assert titles(client.get(url, {"q": "УРОК-исследование"})) == ["Урок-исследование"]  # Cyrillic, any case
    assert titles(client.get(url, {"q": "методика"})) == ["Урок-исследование"]  # directions
    assert titles(client.get(url, {"q": "молодого"})) == ["Школа молодого педагога"]
    assert titles(client.get(url, {"school": cast.other_school.pk})) == ["Школа молодого педагога"]
    assert titles(client.get(url, {"form": "ученик – ученик"})) == ["Школа молодого педагога"]
    assert titles(client.get(url, {"year": 2025})) == ["Урок-исследование"]
    assert titles(client.get(url, {"year": 2024})) == ["Школа молодого педагога"]
    assert titles(client.get(url, {"year": "abc", "school": "x"})) == ["Урок-исследование", "Школа молодого педагога"]
    nothing = client.get(url, {"q": "астрономия"})
    assert titles(nothing) == []
    assert "Ничего не найдено" in nothing.content.decode()


@pytest.mark.django_db
def test_a_school_mentor_reaches_the_bank_of_their_municipality(cast, bank_scene, client_as):
    client = client_as(cast.mentor)
    response = client.get(reverse("municipal:practices"))
    assert response.status_code == 200
    assert response.context["municipality"] == cast.municipality
    assert titles(response) == ["Урок-исследование", "Школа молодого педагога"]
    bank_page = client.get(reverse("programs:bank")).content.decode()
    assert reverse("municipal:practices") in bank_page


@pytest.mark.django_db
def test_the_other_municipality_sees_its_own_practices_only(cast, bank_scene, client_as):
    response = client_as(cast.other_officer).get(reverse("municipal:practices"))
    assert response.status_code == 200
    assert titles(response) == ["Практика соседнего района"]


@pytest.mark.django_db
def test_a_withdrawn_consent_or_permission_removes_the_practice(cast, bank_scene):
    shown_a, shown_b = bank_scene
    Consent.objects.filter(person__participations__mentorship=shown_a.program.mentorship).update(
        withdrawn_on=datetime.date(2025, 6, 1)
    )
    BestPractice.objects.filter(pk=shown_b.pk).update(permission_to_publish=False)
    assert practices.bank(cast.municipality) == []


def _count_queries(municipality) -> int:
    with CaptureQueriesContext(connection) as captured:
        practices.bank(municipality)
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_the_bank_costs_the_same_queries_for_2_and_5_schools(cast):
    small = cast.other_municipality
    big = SchoolFactory().municipality
    for n in range(2):
        published_practice(SchoolFactory(municipality=small), title=f"Малая {n}")
    for n in range(5):
        school = SchoolFactory(municipality=big)
        published_practice(school, title=f"Большая {n}")
        published_practice(school, title=f"Ещё одна {n}")
    assert len(practices.bank(big)) == 10
    assert _count_queries(small) == _count_queries(big) == 5


@pytest.mark.django_db
def test_published_results_equal_each_schools_public_results(cast, bank_scene):
    schools = [cast.school, cast.other_school, cast.far_school]
    batch = published_results(schools)
    for school in schools:
        assert [p.pk for p in batch[school.pk]] == [p.pk for p in publishable(school).results]

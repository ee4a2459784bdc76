"""The municipal analytical report (issue 18, item 7): the PDF's figures read back with pdftotext,
the page with the coordinator's conclusions."""

import datetime
import os
import shutil

import pytest
from django.urls import reverse

from mentoring.models import MentoringForm, Mentorship, Participant, Status
from monitoring import snapshot
from monitoring.indicators import Indicator
from municipal import report
from municipal.models import MunicipalReport
from people.models import MentorTraining
from tests.factories import PersonFactory
from tests.municipal.test_practices import published_practice

YEAR = 2025  # 2025/26
IN_YEAR = datetime.date(2025, 10, 1)

PDFTOTEXT = pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="poppler-utils (pdftotext) is not installed",
)


def pair(school, *, mentees=1, form="педагог – педагог"):
    mentoring_form, _created = MentoringForm.objects.get_or_create(school=school, name=form)
    mentorship = Mentorship.objects.create(
        school=school,
        form=mentoring_form,
        planned_start=IN_YEAR,
        planned_end=datetime.date(2026, 5, 31),
        status=Status.ACTIVE,
        order_number="1",
        order_date=IN_YEAR,
    )
    mentor = PersonFactory(school=school, is_pedagogical=True)
    Participant.objects.create(mentorship=mentorship, person=mentor, role=Participant.Role.MENTOR, started_on=IN_YEAR)
    for _n in range(mentees):
        Participant.objects.create(
            mentorship=mentorship,
            person=PersonFactory(school=school, is_pedagogical=True),
            role=Participant.Role.MENTEE,
            started_on=IN_YEAR,
        )
    return mentor


def text_of(pdf: bytes) -> str:
    from documents.rendering import pdf_text

    return " ".join(pdf_text(pdf).split())


@pytest.fixture
def scene(cast):
    """School A: two pairs of «педагог – педагог» and one of «ученик – ученик», a mentor's two courses;
    school B: a group (two mentees), frozen; then a pair added after the freeze (not in the report)."""
    trained = pair(cast.school)
    pair(cast.school)
    pair(cast.school, form="ученик – ученик")
    MentorTraining.objects.create(person=trained, title="Курс наставника", hours=36, completed_on=IN_YEAR)
    MentorTraining.objects.create(person=trained, title="Второй курс", hours=16, completed_on=IN_YEAR)
    MentorTraining.objects.create(
        person=trained, title="Прошлогодний", hours=72, completed_on=datetime.date(2024, 10, 1)
    )
    pair(cast.other_school, mentees=2)
    snapshot.freeze(cast.other_school, YEAR, by=cast.curator)
    pair(cast.other_school)  # after the freeze: the frozen figure stays
    published_practice(cast.school, title="Урок-исследование", completed_on=datetime.date(2026, 5, 20))
    published_practice(cast.school, title="Прошлогодняя практика", completed_on=datetime.date(2025, 5, 20))
    published_practice(cast.far_school, title="Практика соседнего района", completed_on=datetime.date(2026, 5, 20))
    MunicipalReport.objects.create(municipality=cast.municipality, year=YEAR, conclusions="Особое мнение координатора.")
    return cast


@pytest.mark.django_db
def test_totals_sum_numerators_and_denominators(scene):
    data = report.context(scene.municipality, YEAR)
    by_code = {t.code: t for t in data["tables"]}
    mentorships = by_code["mentorships"]
    # A: three pairs and the program completed in the year; B frozen with its group: 1, not 2.
    assert [cell.indicator.numerator for _school, cell in mentorships.rows] == [4, 1]
    assert mentorships.total.indicator.numerator == 5
    teachers = by_code["teachers_in_programs"]
    rows = [cell.indicator for _school, cell in teachers.rows]
    total = teachers.total.indicator
    assert (total.numerator, total.denominator) == (
        sum(i.numerator for i in rows),
        sum(i.denominator for i in rows),
    )
    assert (data["own"].numerator, data["own"].denominator) == (0, 2)  # no Положение signed
    forms = {line.form: (line.pairs, line.groups) for line in data["forms"]}
    assert forms == {"педагог – педагог": (4, 1), "ученик – ученик": (1, 0)}  # live: B's later pair counts here
    assert (data["training_total"].people, data["training_total"].courses, data["training_total"].hours) == (1, 2, 52)
    assert [p.program.title for p in data["practices"]] == ["Урок-исследование"]


def share(numerator, denominator):
    return Indicator(code="x", label="x", numerator=numerator, denominator=denominator, percent=True)


def test_a_total_that_would_reveal_a_masked_school_is_masked():
    masked = report.Cell(share(1, 3), masked=True)
    shown = report.Cell(share(10, 20))
    assert report.total_masked(share(11, 23), [masked, shown]) is True  # 23 − 20 = the masked school's 3
    two_masked = [report.Cell(share(1, 3), masked=True), report.Cell(share(2, 4), masked=True), shown]
    assert report.total_masked(share(13, 27), two_masked) is False  # together 7 people: not one person's
    assert report.total_masked(share(10, 20), [shown]) is False
    assert report.total_masked(share(1, 3), [masked]) is True


@pytest.mark.django_db
@PDFTOTEXT
def test_the_pdf_prints_the_figures_of_the_scenario(scene, client_as):
    response = client_as(scene.officer).get(reverse("municipal:report_pdf"), {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "ИТОГОВЫЙ АНАЛИТИЧЕСКИЙ ОТЧЁТ" in text
    assert "за 2025/2026 учебный год" in text
    assert scene.municipality.name in text
    assert "0,0 % (0 из 2 школ) при цели 85 %" in text
    assert "Данные зафиксированы" in text  # school B froze its results
    # Teachers in programs: A 6 of 6; B's 3 teachers are masked, and so the total (it would tell B's).
    assert "Школа А 6 6 100,0 % Школа Б < 5 чел. Итого по муниципалитету < 5 чел." in text
    # Mentees satisfied: both schools masked, together 6 people: the total shows, 0 of 6.
    assert "Итого по муниципалитету 0 6 0,0 % ответили 0" in text
    # Pairs and groups fixed by an order: A 4, B 1 (frozen), total 5.
    assert "Школа А 4 Школа Б 1 Итого по муниципалитету 5" in text
    # Forms (live): «педагог – педагог» A 3 pairs, B 1 pair and 1 group; «ученик – ученик» A 1 pair.
    assert "педагог – педагог Школа А 3 0 Школа Б 1 1 Итого по форме 4 1" in text
    assert "ученик – ученик Школа А 1 0 Итого по форме 1 0" in text
    # Training: one mentor, two courses, 52 hours in the year.
    assert "Итого по муниципалитету 1 2 52" in text
    assert "в учебном году: 1." in text
    assert "Урок-исследование" in text
    assert "Прошлогодняя практика" not in text
    assert "Практика соседнего района" not in text
    assert "целевое значение не достигнуто" in text
    assert "Особое мнение координатора." in text


@pytest.mark.django_db
def test_the_coordinator_writes_conclusions_and_the_methodist_reads_them(cast, client_as):
    officer = client_as(cast.officer)
    url = reverse("municipal:report")
    page = officer.get(url, {"year": YEAR})
    assert page.status_code == 200
    assert f"{reverse('municipal:report_pdf')}?year={YEAR}" in page.content.decode()
    response = officer.post(url, {"year": YEAR, "conclusions": "  Работа ведётся.\nНужны курсы.  "})
    assert response.status_code == 302
    saved = MunicipalReport.objects.get(municipality=cast.municipality, year=YEAR)
    assert saved.conclusions == "Работа ведётся.\nНужны курсы."
    assert saved.updated_by == cast.officer

    methodist = client_as(cast.methodist)
    assert "Работа ведётся." in methodist.get(url, {"year": YEAR}).content.decode()
    assert methodist.post(url, {"year": YEAR, "conclusions": "Чужой текст"}).status_code == 403
    assert MunicipalReport.objects.get(pk=saved.pk).conclusions == "Работа ведётся.\nНужны курсы."


@pytest.mark.django_db
def test_too_long_conclusions_are_refused_and_nothing_changes(cast, client_as):
    response = client_as(cast.officer).post(reverse("municipal:report"), {"year": YEAR, "conclusions": "а" * 20001})
    assert response.status_code == 200
    assert "20000" in response.content.decode()
    assert not MunicipalReport.objects.exists()


@pytest.mark.django_db
def test_a_year_outside_the_portal_is_not_found_and_the_other_municipality_sees_its_own(cast, client_as):
    officer = client_as(cast.officer)
    assert officer.get(reverse("municipal:report"), {"year": "abc"}).status_code == 404
    assert officer.get(reverse("municipal:report_pdf"), {"year": 1999}).status_code == 404
    MunicipalReport.objects.create(municipality=cast.municipality, year=YEAR, conclusions="Секрет района")
    other = client_as(cast.other_officer).get(reverse("municipal:report"), {"year": YEAR})
    assert other.status_code == 200
    assert "Секрет района" not in other.content.decode()
    assert other.context["municipality"] == cast.other_municipality


@pytest.mark.django_db
def test_school_people_do_not_open_the_report(cast, client_as):
    for user in (cast.curator, cast.director, cast.mentor):
        assert client_as(user).get(reverse("municipal:report")).status_code == 403
        assert client_as(user).get(reverse("municipal:report_pdf")).status_code == 403

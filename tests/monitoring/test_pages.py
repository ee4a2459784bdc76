"""The dashboards, the `kpi` command, exports and reports, as each role sees them."""

import datetime
import io
import json
import os
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import MunicipalityFactory, SchoolFactory
from tests.monitoring.test_indicators import SEPT_1, Y, mentorship, teacher


@pytest.fixture
def running(cast):
    mentor = teacher(cast.school, last_name="Наставникова")
    mentee = teacher(cast.school, teaching_started_on=datetime.date(2025, 9, 1), last_name="Молодая")
    teacher(cast.school, teaching_started_on=datetime.date(2025, 9, 1), last_name="Безпары")
    return mentorship(cast.school, mentors=[mentor], mentees=[mentee], start=SEPT_1, end=datetime.date(2027, 5, 31))


@pytest.mark.django_db
def test_kpi_command_prints_the_numbers_of_the_dashboard(cast, client_as, running, capsys):
    call_command("kpi", "--school", cast.school.slug, "--year", str(Y), "--format", "json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["school"] == cast.school.slug
    assert payload["year"] == Y
    assert payload["frozen"] is False
    young = next(i for i in payload["indicators"] if i["code"] == "young_in_programs")
    assert (young["numerator"], young["denominator"], young["value"], young["target"], young["met"]) == (
        1,
        2,
        50.0,
        70.0,
        False,
    )

    page = client_as(cast.curator).get(reverse("monitoring:dashboard"), {"year": Y}).content.decode()
    row = page[page.index('data-code="young_in_programs"') :]
    assert "50.0 %" in row[: row.index("</tr>")] or "50,0 %" in row[: row.index("</tr>")]


@pytest.mark.django_db
def test_drill_down_shows_people_to_the_bank_keepers_only(cast, client_as, running):
    page = (
        client_as(cast.director)
        .get(reverse("monitoring:people"), {"year": Y, "code": "young_in_programs"})
        .content.decode()
    )
    assert "Молодая" in page[page.index('data-testid="inside"') :]
    assert "Безпары" in page[page.index('data-testid="outside"') :]
    assert (
        client_as(cast.council_member)
        .get(reverse("monitoring:people"), {"year": Y, "code": "young_in_programs"})
        .status_code
        == 403
    )
    assert client_as(cast.council_member).get(reverse("monitoring:dashboard")).status_code == 200
    assert client_as(cast.mentor).get(reverse("monitoring:dashboard")).status_code == 403


@pytest.mark.django_db
def test_the_municipality_sees_its_schools_only_and_no_names(cast, client_as, running):
    foreign = SchoolFactory(short_name="Чужая школа", municipality=MunicipalityFactory())
    teacher(foreign, last_name="Посторонняя")
    page = client_as(cast.officer).get(reverse("municipality"), {"year": Y}).content.decode()
    assert "Школа А" in page
    assert "Школа Б" in page
    assert "Чужая школа" not in page
    for name in ("Молодая", "Наставникова", "Посторонняя"):
        assert name not in page
    # 1 young specialist of 2 in a program: a share over fewer than 5 people is not shown.
    assert "50.0 %" not in page
    assert "50,0 %" not in page
    assert "&lt; 5 чел." in page

    book = load_workbook(io.BytesIO(client_as(cast.officer).get(reverse("municipality_export"), {"year": Y}).content))
    schools = {row[0].value for row in book.active.iter_rows(min_row=2)}
    assert schools == {cast.school.full_name, cast.other_school.full_name, str(cast.municipality)}


@pytest.mark.django_db
def test_targets_and_the_roadmap_are_edited_by_the_curator(cast, client_as):
    client = client_as(cast.curator)
    client.post(
        reverse("monitoring:targets") + f"?year={Y}",
        {
            "young_in_programs": "80",
            "teachers_in_programs": "70",
            "under35_in_programs": "50",
            "mentee_satisfaction": "90",
            "mentor_satisfaction": "90",
            "school_events": "3",
        },
    )
    from monitoring.models import IndicatorTarget, RoadmapEvent

    assert IndicatorTarget.objects.get(school=cast.school, code="young_in_programs", year=Y).value == 80
    assert IndicatorTarget.objects.get(school=cast.school, code="under35_in_programs", year=Y).value == 50
    # No seed gives the under-35 share a target: left blank, the school's own target is removed.
    client.post(
        reverse("monitoring:targets") + f"?year={Y}",
        {
            "young_in_programs": "80",
            "teachers_in_programs": "70",
            "under35_in_programs": "",
            "mentee_satisfaction": "90",
            "mentor_satisfaction": "90",
            "school_events": "3",
        },
    )
    assert not IndicatorTarget.objects.filter(school=cast.school, code="under35_in_programs").exists()
    assert IndicatorTarget.objects.get(school=cast.school, code="young_in_programs", year=Y).value == 80
    client.post(
        reverse("monitoring:roadmap") + f"?year={Y}",
        {
            "stage": "Реализационный",
            "title": "Фестиваль педагогических идей",
            "starts_on": "2026-12-10",
            "for_pairs": "on",
            "status": "held",
        },
    )
    assert RoadmapEvent.objects.get(school=cast.school).for_pairs
    assert client_as(cast.mentor).post(reverse("monitoring:roadmap")).status_code == 403


@pytest.mark.django_db
@pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="poppler-utils (pdftotext) is not installed",
)
@pytest.mark.parametrize(("kind", "heading"), [("analytical", "АНАЛИТИЧЕСКИЙ ОТЧЁТ"), ("public", "публичного доклада")])
def test_reports_are_pdfs_with_the_numbers(cast, client_as, running, kind, heading):
    from documents.rendering import pdf_text

    response = client_as(cast.director).get(reverse("monitoring:report", kwargs={"kind": kind}), {"year": Y})
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert heading in text
    assert "50.0 %" in text or "50,0 %" in text


@pytest.mark.django_db
def test_the_dashboard_counts_teachers_without_a_start_date_as_a_gap_and_says_how_each_number_is_counted(
    cast, client_as, running
):
    teacher(cast.school, teaching_started_on=None)
    teacher(cast.school, teaching_started_on=None, position="Секретарь", is_pedagogical=False)  # not staff
    response = client_as(cast.curator).get(reverse("monitoring:dashboard"), {"year": Y})
    assert response.context["gaps"] == {"no_start_date": 1, "no_birth_date": 0}
    page = response.content.decode()
    assert 'data-testid="gaps"' in page
    row = page[page.index('data-code="mentee_satisfaction"') :]
    row = row[: row.index("</tr>")]
    assert "знаменатель — все наставляемые" in row
    assert "0 / 1" in row

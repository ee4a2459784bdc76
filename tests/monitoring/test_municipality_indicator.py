"""The municipality's own indicator (seed 000 §1.4, row 2) and its small numbers kept hidden."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from documents.models import Document, DocumentStatus, DocumentType
from mentoring.models import Mentorship, Status
from monitoring import municipal, snapshot
from tests.factories import SchoolFactory
from tests.monitoring.test_indicators import SEPT_1, Y, mentorship, teacher

PLANNED_END = datetime.date(Y + 1, 5, 31)


def regulation(school, day, status=DocumentStatus.SIGNED):
    return Document.objects.create(
        school=school,
        type=DocumentType.ORDER_REGULATION,
        title="Об утверждении Положения о системе наставничества",
        number="1",
        year=day.year,
        sequence=1,
        date=day,
        status=status,
    )


def a_pair(school, status=Status.ACTIVE, **more):
    return mentorship(
        school,
        mentors=[teacher(school)],
        mentees=[teacher(school)],
        start=SEPT_1,
        end=PLANNED_END,
        status=status,
        **more,
    )


@pytest.fixture
def five_schools(cast):
    """School A and B of the cast and three more in the municipality; two implement the system in Y."""
    implemented = cast.school
    regulation(implemented, datetime.date(Y - 1, 8, 30))  # signed a year before: still in force
    a_pair(implemented)
    late = cast.other_school
    regulation(late, datetime.date(Y + 1, 9, 1))  # signed after Y ended
    a_pair(late)
    unsigned = SchoolFactory(short_name="Школа В", municipality=cast.municipality)
    regulation(unsigned, datetime.date(Y, 9, 10), status=DocumentStatus.AWAITING_SIGNATURE)
    a_pair(unsigned)
    never_formed = SchoolFactory(short_name="Школа Г", municipality=cast.municipality)
    regulation(never_formed, datetime.date(Y, 9, 10))
    Mentorship.objects.filter(pk=a_pair(never_formed, status="draft").pk).update(status=Status.NOT_FORMED)
    terminated = SchoolFactory(short_name="Школа Д", municipality=cast.municipality)
    regulation(terminated, datetime.date(Y + 1, 8, 31))  # the last day of Y
    a_pair(terminated, status=Status.TERMINATED, actual_end=datetime.date(Y, 10, 1))
    return [implemented, late, unsigned, never_formed, terminated]


@pytest.mark.django_db
def test_the_share_of_schools_implementing_the_system(five_schools):
    rows, own = municipal.rows_for(five_schools, Y, label="Доля школ")
    assert [row.implemented for row in rows] == [True, False, False, False, True]
    assert [row.regulation for row in rows] == [True, False, False, True, True]
    assert (own.numerator, own.denominator, own.value) == (2, 5, Decimal("40.0"))
    assert (own.target, own.met) == (Decimal(85), False)
    assert own.definition.startswith("Числитель — школы муниципалитета")
    assert not municipal.is_small(own)  # schools, not people


@pytest.mark.django_db
def test_the_municipal_targets_are_60_then_85_percent():
    assert municipal.municipal_target(2023) == Decimal(60)
    assert municipal.municipal_target(2024) == Decimal(85)
    assert municipal.municipal_target(2027) == Decimal(85)


@pytest.mark.django_db
def test_a_frozen_school_counts_as_frozen(cast):
    regulation(cast.school, datetime.date(Y, 9, 1))
    snapshot.freeze(cast.school, Y, by=cast.curator)  # no pair yet: not implemented when frozen
    a_pair(cast.school)
    rows, own = municipal.rows_for([cast.school], Y, label="Доля школ")
    assert rows[0].result is not None
    assert (rows[0].regulation, rows[0].implemented) == (True, False)
    assert own.numerator == 0


@pytest.mark.django_db
def test_many_schools_take_the_same_number_of_queries(cast):
    few = [cast.school, cast.other_school]
    many = few + [SchoolFactory(municipality=cast.municipality) for _ in range(4)]
    for school in many:
        regulation(school, datetime.date(Y, 9, 1))
        a_pair(school)
    snapshot.freeze(many[-1], Y, by=None)
    with CaptureQueriesContext(connection) as small:
        municipal.rows_for(few, Y, label="")
    with CaptureQueriesContext(connection) as large:
        _rows, own = municipal.rows_for(many, Y, label="")
    assert len(large) == len(small)
    assert own.numerator == 6


# --- small numbers ---------------------------------------------------------------------------


@pytest.fixture
def small_and_large(cast):
    """School A: 5 young specialists, 3 of them mentees, 4 mentees in all answered by nobody;
    school B: 2 young specialists, 1 a mentee."""
    mentor = teacher(cast.school)
    young_a = [teacher(cast.school, teaching_started_on=datetime.date(Y - 1, 9, 1)) for _ in range(5)]
    mentorship(cast.school, mentors=[mentor], mentees=young_a[:3], start=SEPT_1, end=PLANNED_END)
    young_b = [teacher(cast.other_school, teaching_started_on=datetime.date(Y - 1, 9, 1)) for _ in range(2)]
    mentorship(
        cast.other_school, mentors=[teacher(cast.other_school)], mentees=young_b[:1], start=SEPT_1, end=PLANNED_END
    )


@pytest.mark.django_db
def test_the_municipality_page_hides_a_share_over_fewer_than_5_people(cast, client_as, small_and_large):
    page = client_as(cast.officer).get(reverse("municipality"), {"year": Y}).content.decode()
    row_a = page[page.index(f'data-school="{cast.school.pk}"') :]
    row_a = row_a[: row_a.index("</tr>")]
    row_b = page[page.index(f'data-school="{cast.other_school.pk}"') :]
    row_b = row_b[: row_b.index("</tr>")]
    assert "60.0 %" in row_a or "60,0 %" in row_a  # 3 of 5 young specialists
    assert row_a.count("&lt; 5 чел.") == 2  # 3 mentees, 1 mentor: both satisfactions hidden
    assert "50.0 %" not in row_b
    assert "50,0 %" not in row_b
    assert row_b.count("&lt; 5 чел.") == 4  # young (2), teachers (3), mentees (1), mentors (1)
    assert 'data-testid="municipal-indicator"' in page


@pytest.mark.django_db
def test_the_municipality_xlsx_hides_them_too_and_adds_the_municipal_indicator(cast, client_as, small_and_large):
    content = client_as(cast.officer).get(reverse("municipality_export"), {"year": Y}).content
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    rows = {
        (row[0], row[1]): dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    young_a = rows[(cast.school.full_name, "young_in_programs")]
    assert (young_a["Числитель"], young_a["Знаменатель"], young_a["Значение"]) == (3, 5, 60.0)
    young_b = rows[(cast.other_school.full_name, "young_in_programs")]
    assert (young_b["Числитель"], young_b["Знаменатель"], young_b["Значение"]) == (None, None, "< 5 чел.")
    assert young_b["Достигнуто"] in (None, "")
    satisfaction = rows[(cast.school.full_name, "mentee_satisfaction")]
    assert (satisfaction["Значение"], satisfaction["Ответили"], satisfaction["Доля ответивших, %"]) == (
        "< 5 чел.",
        None,
        None,
    )
    counted = rows[(cast.school.full_name, "mentorships")]
    assert counted["Значение"] == 1  # counts are not shares: shown
    own = rows[(str(cast.municipality), municipal.CODE)]
    assert (own["Числитель"], own["Знаменатель"], own["Значение"], own["Цель"]) == (0, 2, 0.0, 85.0)
    assert rows[(cast.school.full_name, "system_implemented")]["Значение"] == 0  # no signed regulation

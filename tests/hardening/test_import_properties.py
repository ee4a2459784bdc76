"""Spreadsheets mixing good rows with arbitrary bad ones: the good enter, each bad one is told, and writes nothing."""

import datetime
import io
import re

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring.importing import import_pairs
from mentoring.models import Mentorship
from people.importing import import_people
from people.models import Person
from tests.factories import SchoolFactory
from tests.hardening.strategies import HOSTILE_TEXTS
from tests.mentoring.helpers import mentee, mentor
from tests.people.spreadsheets import csv_bytes

CYRILLIC = re.compile("[А-Яа-яЁё]")
HARDENING = settings(settings.get_profile("hardening"), max_examples=15)
PEOPLE_HEADER = ["Табельный номер", "Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Должность", "Email"]
PAIRS_HEADER = [
    "Наставник",
    "Наставляемые",
    "Форма",
    "Дата начала",
    "Дата окончания",
    "Статус",
    "Приказ №",
    "Дата приказа",
]
FORM = "педагог – педагог"
# Cells no reading can accept: a bad row has one of them, whatever else it holds.
BAD_PEOPLE_CELLS = {
    "birth_date": ("31.02.1990", "1990-13-01", "вчера", "01.01.1800"),
    "sex": ("x", "мужчина?", "<script>alert(1)</script>"),
    "last_name": ("", "   "),
    "email": ("не-почта", "a@", "<b>@x"),
}
BAD_PAIR_CELLS = {
    "mentor": ("X999", "<script>alert(1)</script>", "M1; DROP TABLE"),
    "mentees": ("", "S1, S1", "Z404"),
    "form": ("неизвестная форма", "=1+1"),
    "start": ("31.02.2025", "когда-нибудь", ""),
    "status": ("непонятно", "<b>Жирный</b>"),
}
NAME = st.text("абвгдеёжзийклмнопрстуфхцчшщыэюя", min_size=2, max_size=12).map(str.capitalize)
# openpyxl refuses control characters in a cell, as Excel does; a CSV can carry them.
PRINTABLE = st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"])
CSV_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\r\n")


def junk(fmt: str):
    hostile = [text for text in HOSTILE_TEXTS if fmt == "csv" or text.isprintable()]
    return st.one_of(st.text(PRINTABLE if fmt == "xlsx" else CSV_CHARACTERS, max_size=60), st.sampled_from(hostile))


def spreadsheet(fmt: str, rows: list[list]) -> tuple[io.BytesIO, str]:
    if fmt == "csv":
        return io.BytesIO(csv_bytes(rows)), "people.csv"
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer, "people.xlsx"


@st.composite
def shuffled(draw, good: list, bad: list) -> list[tuple[str, list]]:
    return draw(st.permutations([("good", row) for row in good] + [("bad", row) for row in bad]))


@st.composite
def people_sheet(draw):
    fmt = draw(st.sampled_from(("csv", "xlsx")))
    good = [
        [
            f"G{n}",
            draw(NAME),
            draw(NAME),
            "",
            draw(st.sampled_from(("м", "ж"))),
            draw(st.dates(datetime.date(1950, 1, 1), datetime.date(2005, 12, 31))).strftime("%d.%m.%Y"),
            "учитель",
            "",
        ]
        for n in range(draw(st.integers(0, 4)))
    ]
    bad = []
    for n in range(draw(st.integers(1, 4))):
        row = dict(zip(PEOPLE_HEADER, [f"B{n}", "Плохова", "Анна", "", "ж", "01.01.1980", "", ""], strict=True))
        row["Имя"], row["Отчество"], row["Должность"] = draw(junk(fmt)) or "Анна", draw(junk(fmt)), draw(junk(fmt))
        key = draw(st.sampled_from(sorted(BAD_PEOPLE_CELLS)))
        column = {"birth_date": "Дата рождения", "sex": "Пол", "last_name": "Фамилия", "email": "Email"}[key]
        row[column] = draw(st.sampled_from(BAD_PEOPLE_CELLS[key]))
        bad.append(list(row.values()))
    return fmt, draw(shuffled(good, bad))


def lines_of(rows, kind: str) -> list[int]:
    """Excel's line numbers: the header is line 1."""
    return [index + 2 for index, (row_kind, _row) in enumerate(rows) if row_kind == kind]


def assert_told_in_russian(report, bad_lines):
    assert sorted(row.line for row in report.rejected) == bad_lines
    for row in report.rejected:
        assert row.reasons, f"line {row.line} is rejected without a reason"
        assert all(CYRILLIC.search(reason) for reason in row.reasons), row.reasons


@pytest.mark.django_db
@HARDENING
@given(sheet=people_sheet())
def test_the_people_import_takes_every_good_row_and_tells_every_bad_one(sheet):
    fmt, rows = sheet
    school = SchoolFactory()
    file, name = spreadsheet(fmt, [PEOPLE_HEADER, *(row for _kind, row in rows)])

    with translation.override("ru"):
        report = import_people(school=school, file=file, filename=name)

    good = {row[0]: row for kind, row in rows if kind == "good"}
    stored = {p.employee_number: p for p in Person.objects.for_school(school)}
    assert set(stored) == set(good), "every good row enters, and nothing of a bad one"
    for number, row in good.items():
        assert (stored[number].last_name, stored[number].first_name) == (row[1], row[2])
    assert_told_in_russian(report, lines_of(rows, "bad"))


@pytest.fixture
def pairs_school(db):
    school = SchoolFactory()
    for n in range(1, 4):
        mentor(school, employee_number=f"M{n}", max_mentees=10)
    for n in range(1, 5):
        mentee(school, employee_number=f"S{n}")
    return school


@st.composite
def pairs_sheet(draw):
    fmt = draw(st.sampled_from(("csv", "xlsx")))
    good = []
    for n in range(draw(st.integers(0, 4))):
        start = datetime.date(2015 + n, 9, 1)
        good.append(
            [
                f"M{n % 3 + 1}",
                f"S{n % 4 + 1}",
                FORM,
                f"{start:%d.%m.%Y}",
                f"31.05.{start.year + 1}",
                "",
                "1",
                "28.08.2015",
            ]
        )
    bad = []
    for n in range(draw(st.integers(1, 4))):
        row = dict(
            zip(PAIRS_HEADER, ["M1", "S2", FORM, f"01.09.{2030 + n}", f"31.05.{2031 + n}", "", "", ""], strict=True)
        )
        row["Приказ №"] = draw(junk(fmt))[:20]
        key = draw(st.sampled_from(sorted(BAD_PAIR_CELLS)))
        column = {"mentor": "Наставник", "mentees": "Наставляемые", "form": "Форма", "start": "Дата начала"}
        row[column.get(key, "Статус")] = draw(st.sampled_from(BAD_PAIR_CELLS[key]))
        bad.append(list(row.values()))
    return fmt, draw(shuffled(good, bad))


def _day(text: str) -> datetime.date:
    day, month, year = (int(part) for part in text.split("."))
    return datetime.date(year, month, day)


@HARDENING
@given(sheet=pairs_sheet())
def test_the_pairs_import_takes_every_good_row_and_tells_every_bad_one(pairs_school, sheet):
    fmt, rows = sheet
    school = pairs_school
    before = set(Mentorship.objects.for_school(school).values_list("pk", flat=True))
    file, name = spreadsheet(fmt, [PAIRS_HEADER, *(row for _kind, row in rows)])

    with translation.override("ru"):
        report = import_pairs(school=school, file=file, filename=name)

    made = Mentorship.objects.for_school(school).exclude(pk__in=before)
    good_starts = sorted(_day(row[3]) for kind, row in rows if kind == "good")
    # Rows of earlier examples come back «unchanged»: new ones are created, known ones found.
    found = sorted(pair.start for pair in [*report.created, *report.unchanged])
    assert found == good_starts, "every good row is imported"
    assert all(m.planned_start in good_starts for m in made), "nothing of a bad row is written"
    assert_told_in_russian(report, lines_of(rows, "bad"))

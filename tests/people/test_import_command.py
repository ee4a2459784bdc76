"""``manage.py import_people FILE --school SLUG [--dry-run]``: a summary, and an error only for an unreadable file."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from people.models import Person
from tests.factories import PersonFactory, SchoolFactory
from tests.people.spreadsheets import HEADER, write_csv, write_xlsx

ROWS = [
    HEADER,
    ["1", "Орлова", "Анна", "Игоревна", "ж", "17.05.1990", "педагог", "Учитель"],
    ["2", "Белова", "Ольга", "Петровна", "ж", "31.02.1990", "педагог", "Учитель"],
    ["3", "Смирнов", "Олег", "Ильич", "", "", "", "Завуч"],
]


@pytest.fixture
def school(db):
    return SchoolFactory(slug="sosh-7")


def run(*args) -> str:
    out = StringIO()
    call_command("import_people", *args, stdout=out)
    return out.getvalue()


def counts(output: str) -> list[int]:
    """The numbers of the summary, the last line: created, updated, unchanged, rejected."""
    return [int(number) for number in re.findall(r"\d+", output.strip().splitlines()[-1])]


def test_it_imports_and_prints_the_summary_and_each_rejected_line(school, tmp_path):
    PersonFactory(
        school=school,
        employee_number="3",
        last_name="Смирнов",
        first_name="Олег",
        patronymic="Ильич",
        birth_date=None,
        position="Учитель",
    )
    path = write_csv(tmp_path / "люди.csv", ROWS, encoding="cp1251")

    output = run(str(path), "--school", "sosh-7")

    assert Person.objects.for_school(school).count() == 2
    assert Person.objects.get(employee_number="3").position == "Завуч"
    assert counts(output) == [1, 1, 0, 1]
    [rejected] = [line for line in output.splitlines() if "31.02.1990" in line]
    assert re.search(r"\b3\b", rejected.split("31.02.1990")[0]), "the line number of the bad row is named"


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(school, tmp_path):
    output = run(str(write_xlsx(tmp_path / "люди.xlsx", ROWS)), "--school", "sosh-7", "--dry-run")

    assert not Person.objects.exists()
    assert counts(output) == [2, 0, 0, 1]


def test_the_second_run_reports_everything_unchanged(school, tmp_path):
    path = write_csv(tmp_path / "люди.csv", ROWS)
    run(str(path), "--school", "sosh-7")

    output = run(str(path), "--school", "sosh-7")

    assert counts(output) == [0, 0, 2, 1]


def test_unknown_columns_are_warned_about(school, tmp_path):
    path = write_csv(
        tmp_path / "люди.csv", [["Фамилия", "Имя", "Отчество", "Хобби"], ["Орлова", "Анна", "Игоревна", "шахматы"]]
    )

    assert "«Хобби»" in run(str(path), "--school", "sosh-7")


def test_an_unknown_school_is_an_error(school, tmp_path):
    path = write_csv(tmp_path / "люди.csv", ROWS)

    with pytest.raises(CommandError, match="no-such-school"):
        run(str(path), "--school", "no-such-school")
    assert not Person.objects.exists()


def test_an_unreadable_file_is_an_error(school, tmp_path):
    path = tmp_path / "люди.csv"
    path.write_text("Должность;Телефон\r\nучитель;123\r\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"люди\.csv"):
        run(str(path), "--school", "sosh-7")


def test_a_missing_file_is_an_error(school, tmp_path):
    with pytest.raises(CommandError, match=r"nothing\.xlsx"):
        run(str(tmp_path / "nothing.xlsx"), "--school", "sosh-7")

"""Reading the files a school really has: Excel's CSV flavours and XLSX, with loose headers."""

import datetime
import io

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.reader.strings import read_string_table

from bench.bench_import import excel_xlsx_bytes
from people.importing import UnreadableFile, read_table, shared_strings
from people.models import Person, Sex
from tests.factories import SchoolFactory
from tests.people.spreadsheets import HEADER, csv_bytes, rejected_lines, run_import, write_csv, write_xlsx

ROWS = [
    HEADER,
    ["00017", "Ёлкина", "Наталья", "Сергеевна", "ж", "05.03.1988", "педагог", "Учитель химии"],
    ["00018", "Щукин", "Фёдор", "Ильич", "м", "1979-11-30", "педагог", "Учитель истории"],
]


@pytest.fixture
def school(db):
    return SchoolFactory()


def stored(school) -> list[tuple]:
    return list(
        Person.objects.for_school(school)
        .order_by("employee_number")
        .values_list("employee_number", "last_name", "first_name", "patronymic", "position")
    )


EXPECTED = [
    ("00017", "Ёлкина", "Наталья", "Сергеевна", "Учитель химии"),
    ("00018", "Щукин", "Фёдор", "Ильич", "Учитель истории"),
]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [
        pytest.param("utf-8", ";", True, id="utf-8 with BOM, semicolons (Excel «CSV UTF-8»)"),
        pytest.param("utf-8", ";", False, id="utf-8 without BOM, semicolons"),
        pytest.param("utf-8", ",", False, id="utf-8, commas"),
        pytest.param("cp1251", ";", False, id="Windows-1251, semicolons (Russian Excel «CSV»)"),
        pytest.param("cp1251", ",", False, id="Windows-1251, commas"),
    ],
)
def test_csv_as_excel_saves_it(school, tmp_path, encoding, delimiter, bom):
    path = write_csv(tmp_path / "люди.csv", ROWS, encoding=encoding, delimiter=delimiter, bom=bom)

    report = run_import(school, path)

    assert (len(report.created), report.rejected) == (2, [])
    assert stored(school) == EXPECTED


def test_a_comma_inside_quotes_stays_in_its_cell(school, tmp_path):
    rows = [
        ["Фамилия", "Имя", "Отчество", "Предметы"],
        ["Орлова", "Анна", "Игоревна", "математика,физика,  информатика"],
    ]
    report = run_import(school, write_csv(tmp_path / "p.csv", rows, delimiter=","))

    assert report.rejected == []
    assert Person.objects.get().subjects == "математика, физика, информатика"


def test_xlsx_reads_the_first_sheet_only(school, tmp_path):
    rows = [
        *ROWS[:2],
        ["00018", "Щукин", "Фёдор", "Ильич", "м", datetime.datetime(1979, 11, 30), "педагог", "Учитель истории"],
    ]
    path = write_xlsx(tmp_path / "люди.xlsx", rows, extra_sheet_rows=[HEADER, ["1", "Лишний", "Человек", "", "м"]])

    report = run_import(school, path)

    assert len(report.created) == 2
    assert stored(school) == EXPECTED
    assert Person.objects.get(employee_number="00018").birth_date == datetime.date(1979, 11, 30)


def test_xlsx_number_cells_become_text(school, tmp_path):
    rows = [
        ["Табельный номер", "Фамилия", "Имя", "Отчество", "Телефон", "Класс"],
        [123, "Орлова", "Анна", "Игоревна", 79001234567, 7],
    ]

    run_import(school, write_xlsx(tmp_path / "p.xlsx", rows))

    person = Person.objects.get()
    assert (person.employee_number, person.phone, person.school_class) == ("123", "79001234567", "7")


def test_a_single_full_name_column_is_split(school, tmp_path):
    rows = [
        ["ФИО", "Дата рождения"],
        ["Петрова Анна Сергеевна", "01.02.1990"],
        ["Алиев Рашид Мамед оглы", "02.03.1985"],
    ]

    report = run_import(school, write_csv(tmp_path / "p.csv", rows))

    assert report.rejected == []
    assert list(Person.objects.order_by("last_name").values_list("last_name", "first_name", "patronymic", "sex")) == [
        ("Алиев", "Рашид", "Мамед оглы", Sex.MALE),
        ("Петрова", "Анна", "Сергеевна", Sex.FEMALE),
    ]


def test_a_full_name_of_one_word_is_rejected(school, tmp_path):
    report = run_import(school, write_csv(tmp_path / "p.csv", [["ФИО", "Пол"], ["Петрова", "ж"]]))

    assert rejected_lines(report) == [2]
    assert "Петрова" in report.rejected[0].reason
    assert not Person.objects.exists()


def test_headers_ignore_case_spaces_and_yo(school, tmp_path):
    rows = [
        ["  ФАМИЛИЯ ", "имя", "Отчество", "дата ПРИЕМА", "E-MAIL", "Квалификационная  категория"],
        ["Орлова", "Анна", "Игоревна", "01.09.2020", "orlova@example.org", "Высшая"],
    ]

    report = run_import(school, write_csv(tmp_path / "p.csv", rows))

    assert (report.rejected, report.warnings) == ([], [])
    person = Person.objects.get()
    assert person.hired_on == datetime.date(2020, 9, 1)
    assert person.email == "orlova@example.org"
    assert person.qualification_category == "highest"


def test_unknown_columns_are_ignored_and_named(school, tmp_path):
    rows = [["Фамилия", "Имя", "Отчество", "Любимый цвет", "Стаж"], ["Орлова", "Анна", "Игоревна", "синий", "5"]]

    report = run_import(school, write_csv(tmp_path / "p.csv", rows))

    assert len(report.created) == 1
    assert len(report.warnings) == 1
    assert "«Любимый цвет»" in report.warnings[0]
    assert "«Стаж»" in report.warnings[0]


def test_blank_lines_keep_excel_line_numbers(school, tmp_path):
    rows = [HEADER, ["1", "Орлова", "Анна", "Игоревна", "ж"], [], ["2", "Белова", "", "Игоревна", "ж"]]

    report = run_import(school, write_csv(tmp_path / "p.csv", rows))

    assert rejected_lines(report) == [4]
    assert len(report.created) == 1


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        pytest.param("empty.csv", b"", id="empty file"),
        pytest.param("blank.csv", b"\r\n;;\r\n", id="only blank lines"),
        pytest.param("no-names.csv", "Должность;Телефон\r\nучитель;123\r\n".encode(), id="no name columns"),
        pytest.param("only-last.csv", "Фамилия;Отчество\r\nОрлова;Игоревна\r\n".encode(), id="Имя is missing"),
        pytest.param("broken.xlsx", b"PK\x03\x04 not really a zip", id="damaged xlsx"),
        pytest.param("text.xlsx", "Фамилия;Имя".encode(), id="csv named xlsx"),
        pytest.param("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, id="old xls"),
        pytest.param("people.pdf", b"%PDF-1.4", id="not a spreadsheet"),
    ],
)
def test_a_file_that_cannot_be_read_imports_nothing(school, tmp_path, filename, content):
    path = tmp_path / filename
    path.write_bytes(content)

    with pytest.raises(UnreadableFile):
        run_import(school, path)
    assert not Person.objects.exists()


def test_read_table_keeps_rows_in_excel_order(tmp_path):
    data = csv_bytes([["Фамилия", "Имя"], ["Орлова", "Анна"], [], ["Белова", "Ольга"]], encoding="cp1251")

    rows = read_table(io.BytesIO(data), "people.csv")

    assert rows[1] == ["Орлова", "Анна"]
    assert rows[3] == ["Белова", "Ольга"]


# The XLSX reader reads plain text cells itself (people.importing.shared_strings, _SheetParser):
# whatever the cells, it must give what openpyxl gives.


def openpyxl_rows(content: bytes) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def varied_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    bold = TextBlock(InlineFont(b=True), "жирный")
    sheet.append(["  с пробелами  ", "x005F_x0041_", None, "две\nстроки", "Ёлкина", CellRichText("обычный ", bold)])
    sheet.append([17, 2.5, True, False, datetime.date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, 4), "=1+2", ""])
    sheet["C7"] = "после пропуска"
    sheet["AB9"] = "далеко справа"
    sheet["B12"] = 44000
    sheet["B12"].number_format = "DD.MM.YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_are_read_as_openpyxl_reads_them():
    content = varied_workbook()

    assert read_table(io.BytesIO(content), "p.xlsx") == openpyxl_rows(content)


def test_xlsx_shared_strings_are_read_as_openpyxl_reads_them():
    content = excel_xlsx_bytes([HEADER, *ROWS[1:], ["00019", " Орлова ", "", "x005F_x0041_"]])
    assert b"sharedStrings" in content

    assert read_table(io.BytesIO(content), "p.xlsx") == openpyxl_rows(content)


def test_rich_and_phonetic_shared_strings_are_read_as_openpyxl_reads_them():
    table = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t/></si>"
        '<si><t xml:space="preserve"> а </t></si>'
        '<si><t>x</t><rPh sb="0" eb="1"><t>фонетика</t></rPh><phoneticPr fontId="1"/></si>'
        '<si><r><t>раз</t></r><r><rPr><b/></rPr><t xml:space="preserve"> два</t></r></si>'
        "<si></si>"
        "<si><t>x005F_x0041_</t></si>"
        "</sst>"
    ).encode()

    assert shared_strings(io.BytesIO(table)) == read_string_table(io.BytesIO(table))

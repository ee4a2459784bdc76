"""The pairs import template: a workbook a curator fills from its drop-downs and imports as it is."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from mentoring.import_template import pairs_template_xlsx
from mentoring.importing import HEADERS, STATUS_WORDS, import_pairs, status_by_word
from mentoring.models import MentoringForm, Mentorship, Status
from people.columns import normalize
from tests.mentoring.helpers import mentee, mentor


def workbook_of(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def validation_lists(sheet) -> dict[str, list[str]]:
    """Header → the values its drop-down offers, read from the range the validation names."""
    book = sheet.parent
    found = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        sheet_name, cells = validation.formula1.rsplit("!", 1)
        source = book[sheet_name.strip("'")]
        values = [row[0].value for row in source[cells.replace("$", "")] if row[0].value]
        for cell_range in validation.sqref.ranges:
            header = sheet.cell(row=1, column=cell_range.min_col).value
            assert cell_range.min_row == 2
            assert cell_range.max_row >= 500
            found[header] = [str(value) for value in values]
    return found


@pytest.mark.django_db
def test_the_template_downloads_with_the_sheets_headers_and_drop_downs(cast, client_as):
    response = client_as(cast.curator).get(reverse("mentoring:import_template"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = workbook_of(response.content)
    assert book.sheetnames[0] == "Пары"
    assert {"Инструкция", "Допустимые значения"} <= set(book.sheetnames)
    sheet = book["Пары"]
    assert [cell.value for cell in sheet[1]] == HEADERS
    lists = validation_lists(sheet)
    assert set(lists) == {"Статус", "Форма"}
    assert lists["Статус"] == [words[0] for words in STATUS_WORDS.values()]
    assert lists["Форма"] == list(MentoringForm.objects.for_school(cast.school).values_list("name", flat=True))
    assert lists["Форма"], "the school's catalog has its forms"


@pytest.mark.django_db
def test_the_instructions_are_in_russian_and_name_the_rules_a_secretary_trips_on(cast):
    book = workbook_of(pairs_template_xlsx(cast.school))
    text = "\n".join(
        str(value) for row in book["Инструкция"].iter_rows(values_only=True) for value in row if value is not None
    )
    for header in HEADERS:
        assert header in text
    for phrase in ("ДД.ММ.ГГГГ", "UTF-8", "Windows-1251", "«;»", "«,»", "«активна»", "«утверждена»"):
        assert phrase in text


@pytest.mark.django_db
def test_a_template_filled_from_its_drop_downs_imports_cleanly(cast):
    school = cast.school
    mentor(school, employee_number="0101")
    mentor(school, employee_number="0102")
    for number in ("0201", "0202", "0203"):
        mentee(school, employee_number=number)
    book = workbook_of(pairs_template_xlsx(school))
    sheet = book["Пары"]
    lists = validation_lists(sheet)
    form = next(name for name in lists["Форма"] if name == "педагог – педагог")
    column = {header: index for index, header in enumerate(HEADERS, start=1)}
    rows = [
        ["0101", "0201", form, datetime.date(2025, 9, 1), datetime.date(2026, 5, 31), "активна", "01-10/15"],
        ["0102", "0202, 0203", form, datetime.date(2024, 9, 1), datetime.date(2025, 5, 31), "завершена", "01-10/7"],
        ["0101", "0203", form, datetime.date(2026, 9, 1), datetime.date(2027, 5, 31), "предложена", None],
    ]
    assert all(row[5] in lists["Статус"] for row in rows)
    for line, values in enumerate(rows, start=2):
        cells = dict(zip(HEADERS, values, strict=False))
        cells["Дата приказа"] = datetime.date(values[3].year, 8, 28) if values[6] else None
        for header, value in cells.items():
            sheet.cell(row=line, column=column[header], value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)

    report = import_pairs(school=school, file=buffer, filename="шаблон.xlsx", actor=cast.curator)

    assert (len(report.created), report.rejected) == (3, [])
    statuses = sorted(Mentorship.objects.for_school(school).values_list("status", flat=True))
    assert statuses == sorted([Status.ACTIVE, Status.COMPLETED, Status.PROPOSED])


@pytest.mark.django_db
def test_the_example_row_imports_once_its_numbers_are_in_the_bank(cast):
    mentor(cast.school, employee_number="00001")
    mentee(cast.school, employee_number="00002")

    report = import_pairs(school=cast.school, file=io.BytesIO(pairs_template_xlsx(cast.school)), filename="t.xlsx")

    assert (len(report.created), report.rejected) == (1, [])
    assert report.created[0].status == Status.ACTIVE


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_status_label_the_portal_shows_is_accepted_back(language):
    with translation.override(language):
        labels = {str(status.label): status for status in Status}
    for label, status in labels.items():
        assert status_by_word()[normalize(label)] == status, label


@pytest.mark.django_db
def test_the_upload_page_links_the_template_and_lists_forms_and_file_kinds(cast, client_as):
    with translation.override("en"):
        page = client_as(cast.curator).get(reverse("mentoring:import")).content.decode()

    assert reverse("mentoring:import_template") in page
    kinds = page[page.index('data-testid="import-file-kinds"') :]
    for phrase in ("UTF-8", "Windows-1251", "«;»", "«,»"):
        assert phrase in kinds[:400]
    forms = page[page.index('data-testid="import-forms"') :]
    assert "<code>педагог – педагог</code>" in forms
    statuses = page[page.index('data-testid="import-statuses"') :]
    assert "«активна»" in statuses


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["secretary", "mentor", "council_member"])
def test_the_template_is_for_those_who_import_pairs(cast, client_as, role):
    assert client_as(getattr(cast, role)).get(reverse("mentoring:import_template")).status_code == 403

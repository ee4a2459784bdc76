"""The XLSX a curator fills to import pairs and groups: the headers ``mentoring.importing`` reads,
an example row, drop-downs of the status words and the school's forms, the instructions and
the allowed values. Like the headers, the workbook's words are the file format: Russian data.
"""

import datetime
import io

import openpyxl
from django.utils import translation
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from mentoring.importing import (
    COLUMNS,
    END,
    FORM,
    MENTEES,
    MENTOR,
    ORDER_DATE,
    ORDER_NUMBER,
    START,
    STATUS,
    status_choices,
)
from mentoring.models import MentoringForm
from people.exporting import DATE_FORMAT, TEXT_FORMAT

PAIRS_SHEET = "Пары"
INSTRUCTIONS_SHEET = "Инструкция"
VALUES_SHEET = "Допустимые значения"
TEMPLATE_ROWS = 1000  # rows of «Пары» that offer the drop-downs and keep the cell formats
DATE_COLUMNS = {START.key, END.key, ORDER_DATE.key}
TEXT_COLUMNS = {MENTOR.key, MENTEES.key, ORDER_NUMBER.key}  # leading zeros of numbers stay

COLUMN_HELP = {
    MENTOR.key: "Табельный номер наставника. Человек должен уже быть в банке наставников и наставляемых. Обязательно.",
    MENTEES.key: (
        "Табельные номера наставляемых через запятую; два номера и больше — группа. "
        "Все должны уже быть в банке. Обязательно."
    ),
    FORM.key: "Форма наставничества из каталога школы, как в выпадающем списке. Обязательно.",
    START.key: "Дата начала, ДД.ММ.ГГГГ. Обязательно.",
    END.key: "Дата окончания (плановая или фактическая), ДД.ММ.ГГГГ, не раньше начала. Обязательно.",
    STATUS.key: (
        "Слово из выпадающего списка (см. лист «Допустимые значения»). Пусто: «активна», "
        "если указан приказ, иначе «предложена»."
    ),
    ORDER_NUMBER.key: "Номер приказа директора, закрепившего пару. Обязателен для «активна» и «утверждена».",
    ORDER_DATE.key: "Дата этого приказа, ДД.ММ.ГГГГ. Обязательна для «активна» и «утверждена».",
}
NOTES = (
    ("Первая строка", "Названия столбцов, в любом порядке; регистр и «ё» не важны; лишние столбцы пропускаются."),
    ("Одна строка", "Одна пара или группа."),
    ("Даты", "ДД.ММ.ГГГГ, например 01.09.2025, или ячейка с датой."),
    (
        "Приказ",
        "Строки со статусом «активна» или «утверждена» должны содержать «Приказ №» и «Дата приказа»; "
        "у «предложена», «черновик» и «не сформирована» приказа ещё нет — оставьте эти ячейки пустыми.",
    ),
    ("Повторный импорт", "Пара, которая уже есть (тот же наставник, наставляемые и дата начала), не меняется."),
    ("Проверка", "Сроки, нагрузка и согласия не мешают импорту: о них сообщается в строках отчёта."),
    (
        "Файл",
        "XLSX (читается первый лист) или CSV в кодировке UTF-8 либо Windows-1251, разделитель «;» или «,».",
    ),
    ("Пример", f"Вторая строка листа «{PAIRS_SHEET}» — пример: замените или удалите её."),
)


def example_row(form_name: str) -> dict:
    return {
        MENTOR.key: "00001",
        MENTEES.key: "00002",
        FORM.key: form_name,
        START.key: datetime.date(2025, 9, 1),
        END.key: datetime.date(2026, 5, 31),
        STATUS.key: "активна",
        ORDER_NUMBER.key: "01-10/15",
        ORDER_DATE.key: datetime.date(2025, 8, 28),
    }


def pairs_template_xlsx(school) -> bytes:
    """The workbook for ``school``: its forms of mentoring fill the «Форма» drop-down."""
    forms = list(MentoringForm.objects.for_school(school).values_list("name", flat=True))
    with translation.override("ru"):
        statuses = [
            {"word": choice["word"], "help": str(choice["help"]), "also": ", ".join(choice["also"])}
            for choice in status_choices()
        ]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = PAIRS_SHEET
    values = workbook.create_sheet(VALUES_SHEET)
    status_range, form_range = _values_sheet(values, statuses, forms)
    _pairs_sheet(sheet, forms[0] if forms else "", {STATUS.key: status_range, FORM.key: form_range})
    _instructions_sheet(workbook.create_sheet(INSTRUCTIONS_SHEET, index=1), statuses)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pairs_sheet(sheet, form_name: str, lists: dict) -> None:
    sheet.freeze_panes = "A2"
    example = example_row(form_name)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        sheet.cell(row=1, column=index, value=column.header).font = Font(bold=True)
        sheet.cell(row=2, column=index, value=example[column.key] or None)
        if column.key in DATE_COLUMNS or column.key in TEXT_COLUMNS:
            number_format = DATE_FORMAT if column.key in DATE_COLUMNS else TEXT_FORMAT
            for row in range(2, TEMPLATE_ROWS + 1):
                sheet.cell(row=row, column=index).number_format = number_format
        if lists.get(column.key):
            validation = DataValidation(type="list", formula1=lists[column.key], allow_blank=True)
            # A warning, not a stop: the other words the import understands may still be typed.
            validation.errorStyle = "warning"
            validation.error = "Такого значения нет в списке: см. лист «Допустимые значения»."
            validation.errorTitle = column.header
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")


def _values_sheet(sheet, statuses: list[dict], forms: list[str]) -> tuple[str, str]:
    """The lists the drop-downs take their values from; returns the two ranges as formulas."""
    titles = ("Статус", "Что означает", "Также понимается", "", "Форма")
    for index, title in enumerate(titles, start=1):
        sheet.cell(row=1, column=index, value=title or None).font = Font(bold=True)
    for row, status in enumerate(statuses, start=2):
        sheet.cell(row=row, column=1, value=status["word"])
        sheet.cell(row=row, column=2, value=status["help"]).alignment = Alignment(wrap_text=True)
        sheet.cell(row=row, column=3, value=status["also"] or None)
    for row, name in enumerate(forms, start=2):
        sheet.cell(row=row, column=5, value=name).data_type = "s"
    for letter, width in zip("ABCDE", (20, 80, 50, 4, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    quoted = f"'{sheet.title}'"
    status_range = f"{quoted}!$A$2:$A${len(statuses) + 1}"
    form_range = f"{quoted}!$E$2:$E${len(forms) + 1}" if forms else ""
    return status_range, form_range


def _instructions_sheet(sheet, statuses: list[dict]) -> None:
    sheet.append(["Как заполнить шаблон импорта пар и групп"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["Столбец", "Что в нём"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        sheet.append([column.header, COLUMN_HELP[column.key]])
    sheet.append([])
    sheet.append(["Статус", "Что означает"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for status in statuses:
        sheet.append([status["word"], status["help"]])
    sheet.append([])
    for title, note in NOTES:
        sheet.append([title, note])
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 110
    for row in sheet.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

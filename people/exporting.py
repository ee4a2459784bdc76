"""Export of the people bank to XLSX, in the columns the import reads back, and the empty template to fill."""

import datetime
import io

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from people import columns
from people.columns import Kind

DATE_FORMAT = "DD.MM.YYYY"
TEXT_FORMAT = "@"  # so Excel keeps leading zeros of employee numbers and phones
TEXT_COLUMNS = {"employee_number", "phone", "school_class"}


def export_people_xlsx(queryset) -> bytes:
    """An XLSX workbook of the people, one row each, with the import's headers."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Люди")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns.COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(len(column.header) + 2, 40))
    sheet.append([_header_cell(sheet, column.header) for column in columns.COLUMNS])
    for person in queryset.select_related("partner_organization").order_by("last_name", "first_name", "pk"):
        sheet.append([_cell(sheet, column, person) for column in columns.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(sheet, title: str):
    cell = openpyxl.cell.WriteOnlyCell(sheet, value=title)
    cell.font = Font(bold=True)
    return cell


def _cell(sheet, column, person):
    value = getattr(person, column.key)
    if column.kind == Kind.DATE:
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    cell = openpyxl.cell.WriteOnlyCell(sheet, value=columns.display(column.key, value) or None)
    if cell.data_type == "f":
        cell.data_type = "s"  # text that starts with «=» must stay text, never become a live formula
    if column.key in TEXT_COLUMNS:
        cell.number_format = TEXT_FORMAT
    return cell


# The template's example row: a realistic teacher, by column key (the header row is columns.HEADERS).
TEMPLATE_EXAMPLE = {
    "employee_number": "00001",
    "last_name": "Образцова",
    "first_name": "Мария",
    "patronymic": "Петровна",
    "sex": "ж",
    "birth_date": datetime.date(1990, 5, 17),
    "kind": "работник",
    "position": "Учитель математики",
    "is_pedagogical": "да",
    "subjects": "Математика, Информатика",
    "teaching_started_on": datetime.date(2012, 9, 1),
    "hired_on": datetime.date(2015, 8, 25),
    "qualification_category": "первая",
    "email": "obraztsova@example.ru",
    "phone": "+7 900 000-00-00",
}
TEMPLATE_ROWS = 1000  # rows of the sheet that offer the coded columns' values in a drop-down
# The file format's own notes, in Russian like its headers and words: the file is Russian data.
TEMPLATE_NOTES = (
    ("Первая строка", "Названия столбцов, в любом порядке; регистр и «ё» не важны."),
    ("Обязательно", "«Фамилия» и «Имя» или один столбец «ФИО»; остальные столбцы можно удалить."),
    ("Даты", "ДД.ММ.ГГГГ, например 01.09.2024, или ячейка с датой."),
    ("Поиск в банке", "По «Табельный номер», иначе по ФИО и дате рождения: найденный человек обновляется."),
    (
        "Педагогический работник",
        "Пустая ячейка: по должности (номенклатура, постановление Правительства РФ от 21.02.2022 № 225); "
        "«да» или «нет» важнее должности.",
    ),
    ("Файл", "XLSX (читается первый лист) или CSV в UTF-8 либо Windows-1251, разделитель «;», «,» или табуляция."),
    ("Допустимые значения", "Слова для столбцов с выпадающими списками — на листе «Допустимые значения»."),
    ("Пример", "Вторая строка листа «Люди» — пример: замените или удалите её."),
)


def import_template_xlsx() -> bytes:
    """An XLSX to fill for the import: the headers the import reads, one example row, and the allowed values."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Люди"
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns.COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(len(column.header) + 2, 40))
        header = sheet.cell(row=1, column=index, value=column.header)
        header.font = Font(bold=True)
        example = sheet.cell(row=2, column=index, value=TEMPLATE_EXAMPLE.get(column.key))
        if column.kind == Kind.DATE:
            example.number_format = DATE_FORMAT
        elif column.key in TEXT_COLUMNS:
            example.number_format = TEXT_FORMAT
        words = dict(columns.CODED_COLUMNS).get(column.key)
        if words:
            _offer_values(sheet, letter, [columns.word_for(words, value) for value in words])
    _values_sheet(workbook.create_sheet("Допустимые значения"))
    _instructions_sheet(workbook.create_sheet("Инструкция"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _offer_values(sheet, letter: str, words: list[str]) -> None:
    """A drop-down of the main words; any other accepted word may still be typed."""
    validation = DataValidation(type="list", formula1='"{}"'.format(",".join(words)), allow_blank=True)
    validation.showErrorMessage = False
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")


def _values_sheet(sheet) -> None:
    sheet.append(["Столбец", "Допустимые значения"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for key, _words in columns.CODED_COLUMNS:
        words = columns.words_by_column(key)
        described = [", ".join(str(word) for word in value_words) for value_words in words.values()]
        sheet.append([columns.HEADER_OF_FIELD[key], "; ".join(described)])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 120


# What each column holds, for the «Инструкция» sheet; a coded column's words are on «Допустимые значения».
COLUMN_HELP = {
    "employee_number": "Табельный номер; по нему человек находится в банке при повторном импорте.",
    "last_name": "Фамилия. Обязательно (или один столбец «ФИО»).",
    "first_name": "Имя. Обязательно (или один столбец «ФИО»).",
    "patronymic": "Отчество, если есть.",
    "sex": "Пол: слово из выпадающего списка.",
    "birth_date": "Дата рождения, ДД.ММ.ГГГГ.",
    "kind": "Тип участника: слово из выпадающего списка.",
    "position": "Должность (для работника).",
    "subjects": "Предметы через запятую.",
    "school_class": "Класс обучающегося, например 8 «Б».",
    "teaching_started_on": "Дата начала педагогической деятельности, ДД.ММ.ГГГГ: по ней считается стаж.",
    "hired_on": "Дата приёма в эту школу, ДД.ММ.ГГГГ.",
    "left_on": "Дата увольнения или выбытия, ДД.ММ.ГГГГ; пусто, если человек в школе.",
    "qualification_category": "Квалификационная категория: слово из выпадающего списка.",
    "email": "Адрес электронной почты.",
    "phone": "Телефон.",
    "partner_organization": "Партнёрская организация внешнего наставника, по названию.",
    "is_pedagogical": "«да» или «нет»; пусто — по должности.",
}


def _instructions_sheet(sheet) -> None:
    sheet.append(["Как заполнить шаблон импорта людей"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["Столбец", "Что в нём"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for column in columns.COLUMNS:
        sheet.append([column.header, COLUMN_HELP.get(column.key, "")])
    sheet.append([])
    for title, note in TEMPLATE_NOTES:
        sheet.append([title, note])
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 110

"""Building the spreadsheets a school would upload: CSV as Russian Excel saves it, and XLSX."""

import codecs
import csv
import io
from pathlib import Path

import openpyxl

from people.importing import import_people

HEADER = ["Табельный номер", "Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Тип", "Должность"]


def csv_bytes(rows, *, encoding="utf-8", delimiter=";", bom=False) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return codecs.BOM_UTF8 + data if bom else data


def write_csv(path: Path, rows, **options) -> Path:
    path.write_bytes(csv_bytes(rows, **options))
    return path


def write_xlsx(path: Path, rows, *, extra_sheet_rows=None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if extra_sheet_rows is not None:
        other = workbook.create_sheet("Другой лист")
        for row in extra_sheet_rows:
            other.append(row)
    workbook.save(path)
    return path


def run_import(school, path: Path, **options):
    with path.open("rb") as file:
        return import_people(school=school, file=file, filename=path.name, **options)


def rejected_lines(report) -> list[int]:
    return [row.line for row in report.rejected]

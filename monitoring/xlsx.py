"""Indicators to a spreadsheet, for the municipality and the statistical forms."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font


def _safe(value):
    # A cell starting with «=» would run as a formula in Excel.
    return f"'{value}" if isinstance(value, str) and value[:1] in "=+-@" else value


def indicators_workbook(rows: list[tuple[str, list]], *, year: int) -> bytes:
    """``rows``: (school name, indicators) pairs; one line per school and indicator."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}-{year + 1}"
    header = ["Организация", "Код", "Показатель", "Числитель", "Знаменатель", "Значение", "Цель", "Достигнуто"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for school_name, indicators in rows:
        for item in indicators:
            sheet.append(
                [
                    _safe(school_name),
                    item.code,
                    _safe(item.label),
                    item.numerator,
                    item.denominator,
                    float(item.value) if item.value is not None else None,
                    float(item.target) if item.target is not None else None,
                    {True: "да", False: "нет", None: ""}[item.met],
                ]
            )
    for column, width in zip("ABCDEFGH", (50, 22, 60, 12, 12, 10, 8, 11), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

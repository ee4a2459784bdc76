"""Indicators to a spreadsheet, for the municipality and the statistical forms."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from monitoring.municipal import MASK, is_small

HEADER = [
    "Организация",
    "Код",
    "Показатель",
    "Числитель",
    "Знаменатель",
    "Значение",
    "Цель",
    "Достигнуто",
    "Ответили",
    "Доля ответивших, %",
    "Данные",
    "Как считается",
]
WIDTHS = (50, 22, 60, 12, 12, 10, 8, 11, 10, 12, 26, 90)


def _safe(value):
    # A cell starting with «=» would run as a formula in Excel.
    return f"'{value}" if isinstance(value, str) and value[:1] in "=+-@" else value


def _float(number):
    return float(number) if number is not None else None


def _cells(item, *, mask_small: bool) -> list:
    if mask_small and is_small(item):
        # The value and everything it could be worked back from are left out.
        return [None, None, MASK, _float(item.target), "", None, None]
    return [
        item.numerator,
        item.denominator,
        _float(item.value),
        _float(item.target),
        {True: "да", False: "нет", None: ""}[item.met],
        item.responded,
        _float(item.response_rate),
    ]


def indicators_workbook(rows: list[tuple], *, year: int, mask_small: bool = False) -> bytes:
    """``rows``: (organization name, indicators[, where the figures come from]) — one line per
    organization and indicator. ``mask_small``: a share over fewer than 5 people is «< 5 чел.»."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}-{year + 1}"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for name, indicators, *rest in rows:
        source = rest[0] if rest else ""
        for item in indicators:
            sheet.append(
                [
                    _safe(name),
                    item.code,
                    _safe(item.label),
                    *_cells(item, mask_small=mask_small),
                    _safe(source),
                    _safe(item.definition),
                ]
            )
    for column, width in zip("ABCDEFGHIJKL", WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    for cell in sheet["L"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

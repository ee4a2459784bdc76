"""Export of the people bank to XLSX, in the columns the import reads back."""

import io

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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

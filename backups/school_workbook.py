"""One XLSX workbook with a sheet per model: Russian headers, readable values, no live formulas."""

import datetime
import decimal
import io
import json
import re

from django.db import models
from django.template.defaultfilters import yesno
from django.utils import timezone
from django.utils.text import capfirst
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

SHEET_TITLE_LENGTH = 31
CELL_LENGTH = 32767
FORBIDDEN_IN_TITLES = re.compile(r"[\[\]:*?/\\]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


def neutralised(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)[:CELL_LENGTH]
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class Workbook:
    def __init__(self, redact=lambda row: row):
        self.redact = redact
        self.book = OpenpyxlWorkbook(write_only=True)
        self.titles: set[str] = set()

    def add_sheet(self, title: str, model, queryset, on_file) -> str:
        """Adds the rows as a sheet; calls ``on_file`` with each file a row references."""
        title = self._unique(title)
        sheet = self.book.create_sheet(title=title)
        sheet.freeze_panes = "A2"
        columns = _columns(model)
        sheet.append([_bold(sheet, header(column)) for column in columns])
        related = [c.name for c in columns if isinstance(c, models.ForeignKey)]
        many = [c.name for c in columns if isinstance(c, models.ManyToManyField)]
        for row in queryset.select_related(*related).prefetch_related(*many).iterator(chunk_size=500):
            row = self.redact(row)
            sheet.append([_cell(sheet, column, row, on_file) for column in columns])
        return title

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()

    def _unique(self, title: str) -> str:
        base = FORBIDDEN_IN_TITLES.sub(" ", title)[:SHEET_TITLE_LENGTH] or "—"
        candidate, number = base, 1
        while candidate.lower() in self.titles:
            number += 1
            suffix = f" ({number})"
            candidate = base[: SHEET_TITLE_LENGTH - len(suffix)] + suffix
        self.titles.add(candidate.lower())
        return candidate


def header(column) -> str:
    """The field's verbose name; a relation left unnamed (``person``) takes its model's Russian one."""
    named = str(column.verbose_name) != column.name.replace("_", " ")
    related = column.related_model
    if not named and related is not None and column.name.rstrip("s") == related._meta.model_name:
        meta = related._meta
        return str(capfirst(meta.verbose_name_plural if column.many_to_many else meta.verbose_name))
    return str(capfirst(column.verbose_name))


def _columns(model) -> list[models.Field]:
    return [*model._meta.concrete_fields, *model._meta.many_to_many]


def _bold(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def _cell(sheet, column, row, on_file):
    value = _value(column, row, on_file)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def _value(column, row, on_file):
    if isinstance(column, models.ManyToManyField):
        return neutralised("; ".join(str(item) for item in getattr(row, column.name).all()))
    if isinstance(column, models.ForeignKey):
        target = getattr(row, column.name)
        return None if target is None else neutralised(str(target))
    value = getattr(row, column.attname)
    if isinstance(column, models.FileField):
        if value:
            on_file(value)
        return neutralised(value.name) if value else None
    if column.choices and value not in (None, ""):
        return neutralised(str(dict(column.flatchoices).get(value, value)))
    if isinstance(value, bool):
        return yesno(value)
    if isinstance(value, datetime.datetime):
        return timezone.make_naive(value) if timezone.is_aware(value) else value
    if isinstance(column, models.JSONField):
        return neutralised(json.dumps(value, ensure_ascii=False)) if value not in (None, {}, []) else None
    if isinstance(value, str):
        return neutralised(value) if value else None
    if value is None or isinstance(value, int | float | decimal.Decimal | datetime.date | datetime.time):
        return value
    return neutralised(str(value))

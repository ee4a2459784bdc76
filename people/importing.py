"""Import of the people bank from the school's spreadsheet (XLSX or CSV, as Russian Excel saves it).

A bad row never stops or spoils the good ones: every row is validated as a whole in Python
(the school's people and organizations are read once, not per row), and a rejected row writes
nothing. The good rows are written in sets: every ``BATCH`` of them with one ``bulk_create`` of
the new people, one ``bulk_update`` of the changed ones and one ``bulk_create`` of their audit
events (still one event per created or changed person). Should the database refuse a batch, the
batch is written again row by row, each in its own savepoint, so only the refused row is lost.
Line numbers are the ones a person sees in Excel: the header is line 1.
"""

import codecs
import contextlib
import copy
import csv
import datetime
import functools
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    ProhibitNullCharactersValidator,
    validate_email,
)
from django.db import DatabaseError, transaction
from django.db.models import CharField
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._reader import INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from audit.log import diff, event, plain, record, record_many, snapshot
from audit.models import AuditAction
from people import columns
from people.columns import Column, Kind
from people.models import PartnerOrganization, Person, PersonKind, QualificationCategory
from people.services import pedagogical_after
from public.invalidation import bump as bump_public_pages

XLSX_SIGNATURE = b"PK\x03\x04"
OLD_XLS_SIGNATURE = b"\xd0\xcf\x11\xe0"
CSV_EXTENSIONS = {"csv", "txt"}
DELIMITERS = (";", ",", "\t")
YEARS = range(1900, 2101)
FULL_CLEAN_EXCLUDE = ["school", "partner_organization", "user"]
FULL_NAME_KEY = columns.FULL_NAME.key


class UnreadableFile(Exception):
    """The file as a whole cannot be read, so nothing was imported."""


# ---------------------------------------------------------------------------
# Reading the file into rows of cells, one row at a time
#
# Whatever the file, reading it holds one row in memory, not the sheet: an upload is at most
# IMPORT_MAX_MB, an XLSX may unpack to at most IMPORT_MAX_UNPACKED_MB (checked before openpyxl
# parses anything), and a file with more than IMPORT_MAX_ROWS rows is refused as soon as the
# next row is read, before the import writes a thing.

CHUNK = 64 * 1024
# A deflated member this many times smaller than its content is a bomb, not a table: openpyxl's
# own sheets and Excel's compress 5–50 times; members under a megabyte are not worth the check.
MAX_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024
# Cells to the right of this column are ignored: a cell at XFD must not make every row 16,384 wide.
MAX_COLUMNS = 1024


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def iter_table(file_obj, filename: str) -> Iterator[list]:
    """The rows of the file (XLSX: its first sheet), blank ones included, so the i-th row is Excel line i + 1.

    Raises UnreadableFile before the first row when the file cannot be read at all, and at the
    row where it finds out otherwise: a damaged part, or one row more than IMPORT_MAX_ROWS.
    """
    head = file_obj.read(len(XLSX_SIGNATURE))
    file_obj.seek(0)
    if head.startswith(XLSX_SIGNATURE):
        rows = _read_xlsx(file_obj)
    elif _is_blank_file(file_obj):
        raise UnreadableFile(_("The file is empty."))
    elif head.startswith(OLD_XLS_SIGNATURE):
        raise UnreadableFile(_("This is an old Excel .xls file: save it as .xlsx or CSV and upload it again."))
    elif (extension := filename.rsplit(".", 1)[-1].lower() if "." in filename else "") == "xlsx":
        raise UnreadableFile(_("The file is not a valid XLSX workbook."))
    elif extension in CSV_EXTENSIONS:
        rows = _read_csv(file_obj)
    else:
        raise UnreadableFile(_("Unsupported file «%(name)s»: upload an .xlsx or .csv file.") % {"name": filename})
    return _capped(rows)


def read_table(file_obj, filename: str) -> list[list]:
    """All rows at once: for small files and tests; the imports go through ``iter_table``."""
    return list(iter_table(file_obj, filename))


def count_rows(file_obj, filename: str) -> int:
    """How many rows hold data below the header, reading the whole file once and checking every limit."""
    filled = sum(1 for row in iter_table(file_obj, filename) if not _is_blank(row))
    return max(filled - 1, 0)


def too_many_rows_message(limit: int) -> str:
    return _(
        "The file has more than %(limit)s rows: at most %(limit)s can be imported at a time. Split the file into parts."
    ) % {"limit": number_format(limit, force_grouping=True)}


def _capped(rows: Iterator[list]) -> Iterator[list]:
    limit = max_rows()
    filled = 0
    for row in rows:
        if len(row) > MAX_COLUMNS:
            row = row[:MAX_COLUMNS]
        if not _is_blank(row):
            filled += 1
            if filled > limit + 1:  # the header and the limit's worth of data rows
                raise UnreadableFile(too_many_rows_message(limit))
        yield row


def _is_blank_file(file_obj) -> bool:
    try:
        return not any(chunk.strip() for chunk in iter(lambda: file_obj.read(CHUNK), b""))
    finally:
        file_obj.seek(0)


def _read_xlsx(file_obj) -> Iterator[list]:
    _check_unpacked_size(file_obj)
    try:
        reader = _WorkbookReader(file_obj, read_only=True, data_only=True)
        reader.read()
        workbook = reader.wb
    except Exception as exc:  # a damaged workbook can fail anywhere inside openpyxl
        raise UnreadableFile(_("The file is not a valid XLSX workbook.")) from exc
    return _first_sheet_rows(workbook)


class _WorkbookReader(ExcelReader):
    """openpyxl's reader (``load_workbook``), reading the shared strings faster: see ``shared_strings``."""

    def read_strings(self):
        if self.rich_text:
            return super().read_strings()
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = shared_strings(source)
        return None


_STRING_ITEM = f"{{{SHEET_MAIN_NS}}}si"
_STRING_TEXT = f"{{{SHEET_MAIN_NS}}}t"


def shared_strings(xml_source) -> list[str]:
    """The workbook's shared strings, as openpyxl's ``read_string_table`` reads them.

    Excel writes most every text cell of a sheet there (5,000 rows hold some 60,000), and
    openpyxl builds a rich-text object for each; a plain ``<si><t>…</t></si>`` item is read
    here straight from the XML, anything else (rich text runs, phonetic hints) by openpyxl.
    """
    strings = []
    for _event, node in iterparse(xml_source):
        if node.tag != _STRING_ITEM:
            continue
        if not node.attrib and len(node) == 1 and node[0].tag == _STRING_TEXT:
            text = node[0].text or ""
        else:
            text = Text.from_tree(node).content
        strings.append(text.replace("x005F_", ""))
        node.clear()
    return strings


def _first_sheet_rows(workbook) -> Iterator[list]:
    try:
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size; read whatever cells are really there.
        sheet.reset_dimensions()
        for row in sheet_values(sheet):
            yield list(row)
    except UnreadableFile:
        raise
    except Exception as exc:  # damaged XML, or a member longer than its header says (zipfile's CRC check)
        raise UnreadableFile(_("The file is not a valid XLSX workbook.")) from exc
    finally:
        workbook.close()


def sheet_values(sheet) -> Iterator[tuple]:
    """What openpyxl's ``sheet.iter_rows(values_only=True)`` gives for a read-only sheet whose size was
    reset, its text cells read faster (``_SheetParser``): a missing row is empty, a row as wide as
    its last cell."""
    workbook = sheet.parent
    expected = 1
    with sheet._get_source() as source:
        parser = _SheetParser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            while expected < number:
                expected += 1
                yield ()
            if expected <= number:
                expected += 1
                yield _row_values(cells)


def _row_values(cells: list[dict]) -> tuple:
    if not cells:
        return ()
    values = [None] * cells[-1]["column"]
    for cell in cells:
        if 1 <= cell["column"] <= len(values):
            values[cell["column"] - 1] = cell["value"]
    return tuple(values)


class _SheetParser(WorkSheetParser):
    """openpyxl's sheet parser, reading a plain inline text cell (``<is><t>…</t></is>``, as openpyxl
    itself writes text, the portal's exports included) without building a rich-text object."""

    def parse_cell(self, element):
        if element.get("t") != "inlineStr" or not self.data_only:
            return super().parse_cell(element)
        child = element.find(INLINE_STRING)
        if child is None or child.attrib or len(child) != 1 or child[0].tag != _STRING_TEXT:
            return super().parse_cell(element)
        style_id = element.get("s", 0)
        if style_id:
            style_id = int(style_id)
        coordinate = element.get("r")
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        value = child[0].text or ""
        return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": style_id}


def _check_unpacked_size(file_obj) -> None:
    """Refuses a ZIP bomb by the sizes its directory declares; zipfile never reads a member past them."""
    limit_mb = settings.IMPORT_MAX_UNPACKED_MB
    try:
        with zipfile.ZipFile(file_obj) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnreadableFile(_("The file is not a valid XLSX workbook.")) from exc
    finally:
        file_obj.seek(0)
    unpacked = sum(member.file_size for member in members)
    absurd = any(
        member.file_size >= RATIO_CHECKED_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if unpacked > limit_mb * 1024 * 1024 or absurd:
        raise UnreadableFile(
            _(
                "The file unpacks to more than %(limit)s MB: this does not look like an ordinary table. "
                "Open it in Excel, save it again (or save it as CSV) and upload it again."
            )
            % {"limit": limit_mb}
        )


def _encoding(file_obj) -> str:
    """The CSV's encoding: told by its BOM, else UTF-8 if the whole file decodes as UTF-8, else Windows-1251."""
    head = file_obj.read(len(codecs.BOM_UTF8))
    file_obj.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in iter(lambda: file_obj.read(CHUNK), b""):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1251"
    finally:
        file_obj.seek(0)
    return "utf-8"


def _read_csv(file_obj) -> Iterator[list]:
    encoding = _encoding(file_obj)
    binary = getattr(file_obj, "file", file_obj)  # a Django File wraps the real file object
    text = io.TextIOWrapper(binary, encoding=encoding, newline="")
    try:
        head = []
        for line in text:
            head.append(line)
            if line.strip():
                break
        first_line = head[-1] if head else ""
        delimiter = max(DELIMITERS, key=first_line.count)
        yield from csv.reader(itertools.chain(head, text), delimiter=delimiter)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            _("The file's encoding is not recognised: save it as CSV in UTF-8 or Windows-1251.")
        ) from exc
    except csv.Error as exc:
        raise UnreadableFile(_("The CSV file is damaged: %(error)s") % {"error": exc}) from exc
    finally:
        if not binary.closed:  # an unfinished read is cleaned up when the caller has closed the file
            text.detach()  # the caller closes the file, not this wrapper


# ---------------------------------------------------------------------------
# Header


@dataclass
class Header:
    line: int  # the header's line number; data starts below it
    columns: dict[int, tuple[Column, str]]  # cell index → column and the header as written
    warnings: list[str]

    def has(self, key: str) -> bool:
        return any(column.key == key for column, _title in self.columns.values())

    @functools.cached_property
    def readers(self) -> list[tuple[int, str, Callable, str]]:
        """``(cell index, field, reader, title)`` of each column, looked up once for all the rows."""
        return [
            (position, column.key, READERS[column.kind], title) for position, (column, title) in self.columns.items()
        ]

    def title_of(self, key: str) -> str:
        """The column's header as the file writes it, or as the export would."""
        written = (title for column, title in self.columns.values() if column.key == key)
        return next(written, columns.HEADER_OF_FIELD[key])


def first_filled(rows: Iterator[list]) -> tuple[int, list]:
    """The first row that is not blank and its index, taken from ``rows``: the rows below it are left there."""
    found = next(((index, row) for index, row in enumerate(rows) if not _is_blank(row)), None)
    if found is None:
        raise UnreadableFile(_("The file is empty."))
    return found


def read_header(rows: Iterator[list]) -> Header:
    """Reads ``rows`` up to the header, which is the first row that is not blank."""
    index, cells = first_filled(rows)
    found: dict[int, tuple[Column, str]] = {}
    unknown, repeated = [], []
    for position, cell in enumerate(cells):
        title = _text(cell)
        if not title:
            continue
        column = columns.COLUMN_BY_HEADER.get(columns.normalize(title))
        if column is None:
            unknown.append(title)
        elif any(known.key == column.key for known, _title in found.values()):
            repeated.append(title)
        else:
            found[position] = (column, title)
    header = Header(line=index + 1, columns=found, warnings=[])
    _require_names(header)
    if unknown:
        header.warnings.append(
            _("Unknown columns were ignored: %(columns)s.") % {"columns": ", ".join(f"«{t}»" for t in unknown)}
        )
    if repeated:
        header.warnings.append(
            _("Repeated columns were ignored (the first one of each is read): %(columns)s.")
            % {"columns": ", ".join(f"«{t}»" for t in repeated)}
        )
    return header


def _require_names(header: Header) -> None:
    if header.has("full_name") or (header.has("last_name") and header.has("first_name")):
        return
    raise UnreadableFile(
        _("The first row must name the columns %(last)s and %(first)s, or a single column %(full)s.")
        % {
            "last": f"«{columns.LAST_NAME.header}»",
            "first": f"«{columns.FIRST_NAME.header}»",
            "full": f"«{columns.FULL_NAME.header}»",
        }
    )


# ---------------------------------------------------------------------------
# Cells


def _is_blank(row) -> bool:
    for cell in row:
        if cell is None:
            continue
        if type(cell) is str:  # most cells: no other check needed
            if cell.strip():
                return False
        elif _text(cell) != "":
            return False
    return True


def _text(value) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YEAR_MARK = re.compile(r"\s*г\.?$")


class CellError(ValueError):
    pass


# C0 controls and DEL. Tab, line feed and carriage return are kept: a cell may hold them (a CSV
# quoted cell, an Excel Alt+Enter); the rest are bad bytes, and a database may refuse them (NUL).
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_control_character(cells: list) -> bool:
    """Whether any text cell of the row holds one: one search per row, so clean rows skip ``check_cell``."""
    try:
        text = "".join(cells)  # a CSV row: every cell is text
    except TypeError:
        text = "".join(cell for cell in cells if isinstance(cell, str))
    return _CONTROL_CHARACTER.search(text) is not None


def check_cell(value, title: str) -> None:
    """Raises CellError if the cell holds a control character: the row is rejected, the others go on."""
    if isinstance(value, str) and (found := _CONTROL_CHARACTER.search(value)):
        raise CellError(
            _("the cell «%(column)s» holds a control character (code %(code)s)")
            % {"column": title, "code": ord(found.group())}
        )


def parse_date(value, title: str) -> datetime.date | None:
    """A date from a date cell or from ДД.ММ.ГГГГ, Д.М.ГГГГ or ГГГГ-ММ-ДД text."""
    if type(value) is str:  # most cells: text, with no year mark
        text = value.strip()
        if text.endswith(("г", "г.")):
            text = _YEAR_MARK.sub("", text)
    elif isinstance(value, datetime.datetime):
        return value.date()
    elif isinstance(value, datetime.date):
        return value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_day_number(value, title)
    else:
        text = _YEAR_MARK.sub("", _text(value))
    if not text:
        return None
    if match := _DMY.match(text):
        day, month, year = map(int, match.groups())
    elif match := _ISO.match(text):
        year, month, day = map(int, match.groups())
    else:
        raise CellError(
            _("unrecognised date «%(value)s» in «%(column)s»: write it as DD.MM.YYYY")
            % {"value": text, "column": title}
        )
    try:
        return _plausible(datetime.date(year, month, day))
    except ValueError:
        raise _impossible_date(text, title) from None


def _excel_day_number(value, title: str) -> datetime.date:
    """A date cell formatted as «General» holds Excel's day number."""
    try:
        return _plausible(from_excel(value).date())
    except (ValueError, OverflowError, AttributeError):
        raise _impossible_date(_text(value), title) from None


def _plausible(day: datetime.date) -> datetime.date:
    if day.year not in YEARS:
        raise ValueError(day)
    return day


def _impossible_date(value: str, title: str) -> CellError:
    return CellError(_("impossible date «%(value)s» in «%(column)s»") % {"value": value, "column": title})


def _expected(words_by_value: dict) -> str:
    return ", ".join(words[0] for words in words_by_value.values())


def _sex(value, title: str = "") -> str | None:
    text = _text(value)
    if not text:
        return None  # told by the patronymic or kept as stored
    if sex := columns.SEX_BY_WORD.get(columns.normalize(text)):
        return sex
    raise CellError(
        _("unknown sex «%(value)s» (expected one of: %(expected)s)")
        % {"value": text, "expected": _expected(columns.SEX_WORDS)}
    )


def _person_kind(value, title: str = "") -> str:
    text = _text(value)
    if not text:
        return PersonKind.STAFF.value
    if kind := columns.kind_by_word(text):
        return kind
    raise CellError(
        _("unknown type «%(value)s» (expected one of: %(expected)s)")
        % {"value": text, "expected": _expected(columns.KIND_WORDS)}
    )


def _category(value, title: str = "") -> str:
    text = _text(value)
    if not text:
        return QualificationCategory.NONE.value
    if category := columns.CATEGORY_BY_WORD.get(columns.normalize(text)):
        return category
    raise CellError(
        _("unknown qualification category «%(value)s» (expected one of: %(expected)s)")
        % {"value": text, "expected": _expected(columns.CATEGORY_WORDS)}
    )


def _yes_no(value, title: str) -> bool | None:
    """Да or нет (yes/no, 1/0, +/-, an Excel TRUE/FALSE); None for an empty cell."""
    if isinstance(value, bool):
        return value
    text = _text(value)
    if not text:
        return None
    found = columns.YES_NO_BY_WORD.get(columns.normalize(text))
    if found is None:
        raise CellError(
            _("unknown value «%(value)s» in «%(column)s» (expected one of: %(expected)s)")
            % {"value": text, "column": title, "expected": _expected_all(columns.YES_NO_WORDS)}
        )
    return found


def _expected_all(words_by_value: dict) -> str:
    return ", ".join(word for words in words_by_value.values() for word in words)


def _email(value, title: str) -> str:
    text = _text(value)
    if text and not _is_valid_email(text):
        raise CellError(_("invalid e-mail «%(value)s» in «%(column)s»") % {"value": text, "column": title})
    return text


@functools.lru_cache(maxsize=1024)  # the row's cell, then the model's check of the same address
def _is_valid_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


def _subjects(value, title: str = "") -> str:
    return ", ".join(part.strip() for part in _text(value).split(",") if part.strip())


def _full_name(value, title: str) -> dict[str, str]:
    parts = _text(value).split()
    if not parts:
        return {"last_name": "", "first_name": "", "patronymic": ""}
    if len(parts) < 2:
        raise CellError(
            _("«%(column)s» must hold at least a last name and a first name, not «%(value)s»")
            % {"column": title, "value": " ".join(parts)}
        )
    return {"last_name": parts[0], "first_name": parts[1], "patronymic": " ".join(parts[2:])}


def _plain_text(value, title: str) -> str:
    return value.strip() if type(value) is str else _text(value)


def _organization_name(value, title: str) -> str:
    return " ".join(_text(value).split())


# How a cell of each kind is read: ``reader(value, title)`` → the field's value, or CellError.
READERS: dict[str, Callable] = {
    Kind.DATE: parse_date,
    Kind.SEX: _sex,
    Kind.PERSON_KIND: _person_kind,
    Kind.CATEGORY: _category,
    Kind.YES_NO: _yes_no,
    Kind.EMAIL: _email,
    Kind.SUBJECTS: _subjects,
    Kind.FULL_NAME: _full_name,
    Kind.ORGANIZATION: _organization_name,
    Kind.TEXT: _plain_text,
}


def parse_cell(column: Column, value, title: str) -> dict:
    """``{field: value}`` for one cell; raises CellError with a reason for the report."""
    check_cell(value, title)
    parsed = READERS[column.kind](value, title)
    return parsed if column.kind == Kind.FULL_NAME else {column.key: parsed}


# ---------------------------------------------------------------------------
# Rows


@dataclass
class ParsedRow:
    line: int
    values: dict  # Person field → value, for the columns the file has
    errors: list[str]

    @property
    def number(self) -> str:
        return self.values.get("employee_number", "")

    @functools.cached_property
    def name_key(self) -> tuple:
        return _name_key(
            self.values.get("last_name", ""),
            self.values.get("first_name", ""),
            self.values.get("patronymic", ""),
            self.values.get("birth_date"),
        )


def _name_key(last: str, first: str, patronymic: str, birth_date) -> tuple:
    return (columns.normalize(last), columns.normalize(first), columns.normalize(patronymic), birth_date)


def _person_name_key(person: Person) -> tuple:
    return _name_key(person.last_name, person.first_name, person.patronymic, person.birth_date)


def parse_row(header: Header, line: int, cells: list) -> ParsedRow:
    row = ParsedRow(line=line, values={}, errors=[])
    values, errors = row.values, row.errors
    full_name = {}
    suspicious = _has_control_character(cells)
    width = len(cells)
    for position, key, read, title in header.readers:
        value = cells[position] if position < width else None
        try:
            if suspicious:
                check_cell(value, title)
            parsed = read(value, title)
        except CellError as exc:
            errors.append(str(exc))
            continue
        if key == FULL_NAME_KEY:
            full_name = parsed
        else:
            values[key] = parsed
    # Separate name columns win; a single ФИО fills in when they are absent or empty.
    if full_name and not (row.values.get("last_name") or row.values.get("first_name")):
        row.values.update(full_name)
    for key in ("last_name", "first_name"):
        if not row.values.get(key):
            row.errors.append(_("the required «%(column)s» is empty") % {"column": header.title_of(key)})
    return row


# ---------------------------------------------------------------------------
# Report


@dataclass
class ImportedRow:
    line: int
    name: str
    changes: dict = field(default_factory=dict)  # field → [old, new], as in the audit log

    @property
    def changed_columns(self) -> list[tuple[str, str, str]]:
        """``(header, old, new)`` as the spreadsheet would show them."""
        return [
            (columns.HEADER_OF_FIELD.get(key, key), columns.display(key, old), columns.display(key, new))
            for key, (old, new) in self.changes.items()
        ]


@dataclass
class RejectedRow:
    line: int
    reasons: list[str]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def __str__(self) -> str:
        return _("Line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class ImportReport:
    dry_run: bool = False
    created: list[ImportedRow] = field(default_factory=list)
    updated: list[ImportedRow] = field(default_factory=list)
    unchanged: list[ImportedRow] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
        }
        if self.dry_run:
            return (
                _(
                    "Dry run, nothing was written: would create %(created)s, update %(updated)s, "
                    "leave unchanged %(unchanged)s, reject %(rejected)s."
                )
                % counts
            )
        return (
            _("Created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s, rejected: %(rejected)s.") % counts
        )


# ---------------------------------------------------------------------------
# Import


# How often (in data rows) an import tells its progress.
PROGRESS_EVERY = 200
Progress = Callable[[int], None]


def data_rows(header, rows: Iterable[list], progress: Progress | None = None) -> Iterator[tuple[int, list]]:
    """``(line, cells)`` of each row below the header that is not blank; ``progress(done)`` every PROGRESS_EVERY."""
    done = 0
    for line, cells in enumerate(rows, start=header.line + 1):
        if _is_blank(cells):
            continue
        yield line, cells
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress is not None:
        progress(done)


def import_people(
    *, school, file, filename: str, actor=None, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    """Upsert the school's people from a spreadsheet; raises UnreadableFile if the file cannot be read.

    A file found unreadable midway (a row over the limit, a damaged part) still imports nothing.
    """
    rows = iter(iter_table(file, filename))
    header = read_header(rows)
    # One transaction around the whole import: per-row savepoints inside it, and one commit.
    with contextlib.nullcontext() if dry_run else transaction.atomic():
        importer = _Importer(school=school, actor=actor, dry_run=dry_run)
        importer.report.warnings.extend(header.warnings)
        importer.run(header, rows, progress)
        importer.flush()
        if importer.wrote:  # the rows went in without post_save: the public pages are refreshed once
            bump_public_pages(school.pk)
    return importer.report


# Good rows written per set of statements.
BATCH = 1000


@dataclass
class _Pending:
    """A good row waiting for its batch to be written."""

    row: ParsedRow
    person: Person
    existing: Person | None
    changes: dict
    outcome: ImportedRow


class _Importer:
    def __init__(self, *, school, actor, dry_run: bool):
        self.school = school
        self.actor = actor
        self.dry_run = dry_run
        self.report = ImportReport(dry_run=dry_run)
        # The school's people and organizations are read once, not queried per row.
        self.by_number: dict[str, Person] = {}
        self.by_name: dict[tuple, list[Person]] = {}
        for person in Person.objects.for_school(school).select_related("partner_organization"):
            self._index(person)
        self.organizations = {
            columns.normalize(org.name): org for org in PartnerOrganization.objects.for_school(school)
        }
        self.lines_by_number: dict[str, int] = {}
        self.lines_by_name: dict[tuple, int] = {}
        self.pending: list[_Pending] = []
        self.pending_ids: set[int] = set()  # id() of the stored people a pending row changes or creates
        self.wrote = False

    def run(self, header: Header, rows: Iterable[list], progress: Progress | None = None) -> None:
        for line, cells in data_rows(header, rows, progress):
            self._import_row(parse_row(header, line, cells))
            if len(self.pending) >= BATCH:
                self.flush()

    def _import_row(self, row: ParsedRow) -> None:
        if row.errors:
            return self._reject(row.line, row.errors)
        if first_line := self._duplicate_of(row):
            return self._reject(row.line, [_("a repeat of line %(line)s") % {"line": first_line}])
        existing, error = self._match(row)
        if error:
            return self._reject(row.line, [error])
        if existing is not None and id(existing) in self.pending_ids:
            self.flush()  # a person changed twice in one file: the first change is written first
        person, errors = self._build(row, existing)
        fields = [key for key in row.values if key not in ("sex", "is_pedagogical")] + ["is_pedagogical", "sex"]
        changes = _changes(existing, person, fields)
        outcome = ImportedRow(line=row.line, name=person.full_name, changes=changes)
        if existing and not changes and not errors:
            self.report.unchanged.append(outcome)  # nothing to write, so nothing to validate
        elif errors := errors + _model_errors(person):
            return self._reject(row.line, errors)
        else:
            (self.report.updated if existing else self.report.created).append(outcome)
            if not self.dry_run:
                self.pending.append(_Pending(row, person, existing, changes, outcome))
                self.pending_ids.add(id(person))
        self._remember(row, existing, person)
        return None

    def _reject(self, line: int, reasons: list[str]) -> None:
        self.report.rejected.append(RejectedRow(line=line, reasons=reasons))

    def _duplicate_of(self, row: ParsedRow) -> int | None:
        if row.number:
            return self.lines_by_number.get(row.number)
        return self.lines_by_name.get(row.name_key)

    def _match(self, row: ParsedRow) -> tuple[Person | None, str | None]:
        """The stored person this row updates: by employee number, else by full name and birth date."""
        if row.number and row.number in self.by_number:
            return self.by_number[row.number], None
        candidates = self.by_name.get(row.name_key, [])
        if row.number:
            # A namesake with another number is another person; one without a number is getting it now.
            candidates = [person for person in candidates if not person.employee_number]
        if len(candidates) > 1:
            return None, _(
                "%(count)s people in the bank have this full name and birth date: add their employee numbers"
            ) % {"count": len(candidates)}
        return (candidates[0] if candidates else None), None

    def _build(self, row: ParsedRow, existing: Person | None) -> tuple[Person, list[str]]:
        """The person as the row describes it, unsaved; with what the row itself gets wrong."""
        person = copy.copy(existing) if existing else Person(school=self.school)
        values = dict(row.values)
        if existing and not values.get("employee_number"):
            values.pop("employee_number", None)  # an empty cell never erases a stored number
        sex = values.pop("sex", None)
        organization_name = values.pop("partner_organization", None)
        pedagogical = values.pop("is_pedagogical", None)  # said by the file: wins over the position
        for key, value in values.items():
            setattr(person, key, value)
        person.is_pedagogical = pedagogical_after(
            kind=person.kind,
            position=person.position,
            before=snapshot(existing, ["kind", "position", "is_pedagogical"]) if existing else None,
            chosen=pedagogical,
        )
        errors = []
        if organization_name is not None:
            person.partner_organization, error = self._organization(organization_name)
            errors.extend(error)
        person.sex = sex or (existing.sex if existing else columns.sex_from_patronymic(person.patronymic)) or ""
        if not person.sex:
            errors.append(_unknown_sex(person.patronymic))
        return person, errors

    def _organization(self, name: str) -> tuple[PartnerOrganization | None, list[str]]:
        if not name:
            return None, []
        known = self.organizations.get(columns.normalize(name))
        if known:
            return known, []
        organization = PartnerOrganization(school=self.school, name=name)
        try:
            organization.full_clean(exclude=["school"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            return None, [
                f"«{columns.HEADER_OF_FIELD['partner_organization']}»: {message}"
                for messages in exc.message_dict.values()
                for message in messages
            ]
        return organization, []

    def flush(self) -> None:
        """Writes the pending good rows: as a set, or row by row if the database refuses the set."""
        batch, self.pending, self.pending_ids = self.pending, [], set()
        if not batch:
            return
        organizations = self._new_organizations(batch)
        try:
            with transaction.atomic():
                self._write_set(batch, organizations)
        except DatabaseError:
            for organization in organizations:  # rolled back: saved again with their row
                organization.pk, organization._state.adding = None, True
            for pending in batch:
                if pending.existing is None:
                    pending.person.pk, pending.person._state.adding = None, True
            for pending in batch:
                self._write_one(pending)
        self.wrote = True

    @staticmethod
    def _new_organizations(batch: list[_Pending]) -> list[PartnerOrganization]:
        found = {}
        for pending in batch:
            organization = pending.person.partner_organization
            if organization is not None and organization.pk is None:
                found.setdefault(id(organization), organization)
        return list(found.values())

    def _write_set(self, batch: list[_Pending], organizations: list[PartnerOrganization]) -> None:
        PartnerOrganization.objects.bulk_create(organizations, batch_size=BATCH)
        for pending in batch:  # the organizations have their ids now
            pending.person.partner_organization = pending.person.partner_organization
        created = [pending.person for pending in batch if pending.existing is None]
        Person.objects.bulk_create(created, batch_size=BATCH)
        updated = [pending for pending in batch if pending.existing is not None]
        if updated:
            now = timezone.now()
            fields = {"updated_at"} | {key for pending in updated for key in pending.changes}
            for pending in updated:
                pending.person.updated_at = now
            Person.objects.bulk_update([pending.person for pending in updated], sorted(fields), batch_size=BATCH)
        record_many([self._event(pending) for pending in batch])

    def _event(self, pending: _Pending):
        return event(
            actor=self.actor, school=self.school, action=AuditAction.IMPORT, obj=pending.person, changes=pending.changes
        )

    def _write_one(self, pending: _Pending) -> None:
        """One row in its own savepoint; a database error rejects just this row."""
        person = pending.person
        organization = person.partner_organization
        new_organization = organization is not None and organization.pk is None
        try:
            with transaction.atomic():
                if new_organization:
                    organization.save()
                    person.partner_organization = organization
                person.save()
                record(
                    actor=self.actor,
                    school=self.school,
                    action=AuditAction.IMPORT,
                    obj=person,
                    changes=pending.changes,
                )
        except DatabaseError as exc:
            if new_organization:  # rolled back with the row: the next row naming it saves it
                organization.pk, organization._state.adding = None, True
            if pending.existing is None:
                person.pk, person._state.adding = None, True
            for outcomes in (self.report.created, self.report.updated):
                if pending.outcome in outcomes:
                    outcomes.remove(pending.outcome)
            self._reject(pending.row.line, [_("the database refused the row: %(error)s") % {"error": exc}])

    def _remember(self, row: ParsedRow, existing: Person | None, person: Person) -> None:
        """Later rows see this row applied: as a duplicate and in the people they may match."""
        if person.employee_number:
            self.lines_by_number.setdefault(person.employee_number, row.line)
        name_key = _person_name_key(person)
        self.lines_by_name.setdefault(name_key, row.line)
        if person.partner_organization is not None:
            self.organizations.setdefault(
                columns.normalize(person.partner_organization.name), person.partner_organization
            )
        if existing is not None:
            self._unindex(existing)
        self._index(person, name_key)

    def _index(self, person: Person, name_key: tuple | None = None) -> None:
        if person.employee_number:
            self.by_number[person.employee_number] = person
        self.by_name.setdefault(name_key or _person_name_key(person), []).append(person)

    def _unindex(self, person: Person) -> None:
        if self.by_number.get(person.employee_number) is person:
            del self.by_number[person.employee_number]
        namesakes = self.by_name.get(_person_name_key(person), [])
        if person in namesakes:
            namesakes.remove(person)


def _changes(existing: Person | None, person: Person, fields: list[str]) -> dict:
    """``{field: [old, new]}``; a new person's empty fields are left out."""
    if existing is not None:
        return diff(snapshot(existing, fields), snapshot(person, fields))
    found = {}
    for key in fields:
        value = getattr(person, key)
        if value is None or value == "":
            continue
        if type(value) is datetime.date:
            value = value.isoformat()
        elif not isinstance(value, PLAIN_TYPES):
            value = plain(value)
        found[key] = [None, value]
    return found


# Values ``plain`` returns as they are (most cells): ``_changes`` does not call it for them.
PLAIN_TYPES = (str, bool, int, float)


def _unknown_sex(patronymic: str) -> str:
    column = columns.HEADER_OF_FIELD["sex"]
    if not patronymic:
        return _("«%(column)s» is empty and there is no patronymic to tell the sex: write м or ж") % {"column": column}
    return _("«%(column)s» is empty and the patronymic «%(patronymic)s» does not tell the sex: write м or ж") % {
        "column": column,
        "patronymic": patronymic,
    }


# Cells the parser already turned into a valid value (a date, a choice, yes or no): the model
# checks the rest (lengths, the e-mail's); uniqueness is the importer's business.
PARSED_KINDS = {Kind.DATE, Kind.SEX, Kind.PERSON_KIND, Kind.CATEGORY, Kind.YES_NO}
ALREADY_VALID = [column.key for column in columns.IMPORT_COLUMNS if column.kind in PARSED_KINDS]


def _model_errors(person: Person) -> list[str]:
    """The model's own checks of what the parser did not check."""
    if _surely_valid(person):
        return []
    try:
        person.full_clean(exclude=FULL_CLEAN_EXCLUDE + ALREADY_VALID, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return [
            f"«{columns.HEADER_OF_FIELD.get(key, key)}»: {message}"
            for key, messages in exc.message_dict.items()
            if not (key == "sex" and not person.sex)  # already explained by _unknown_sex
            for message in messages
        ]
    return []


# What the model's text fields check, done without ``full_clean``'s overhead per field: a length,
# no NUL, an e-mail's form. ``full_clean`` still runs for a row these find wrong, so its messages
# are the model's own.
def _is_simple(validator) -> bool:
    return (
        (isinstance(validator, MaxLengthValidator) and isinstance(validator.limit_value, int))
        or isinstance(validator, ProhibitNullCharactersValidator)
        or validator == validate_email
    )


@functools.cache
def _checked_fields() -> list[tuple]:
    """``(field, attribute, is simple text, its length limit, is e-mail)`` of each field ``_model_errors`` checks."""
    excluded = set(FULL_CLEAN_EXCLUDE + ALREADY_VALID)
    found = []
    for model_field in Person._meta.fields:
        if model_field.name in excluded or model_field.generated:
            continue
        simple = (
            isinstance(model_field, CharField)
            and not model_field.choices
            and all(_is_simple(validator) for validator in model_field.validators)
        )
        limits = [v.limit_value for v in model_field.validators if isinstance(v, MaxLengthValidator)]
        is_email = validate_email in model_field.validators
        found.append((model_field, model_field.attname, simple and bool(limits), min(limits, default=0), is_email))
    return found


def _surely_valid(person: Person) -> bool:
    """True when ``full_clean`` (as ``_model_errors`` calls it) would find nothing wrong."""
    for model_field, attname, simple, max_length, is_email in _checked_fields():
        value = getattr(person, attname)
        if simple and type(value) is str:
            if not value:
                if model_field.blank:
                    continue
                return False
            if len(value) > max_length or "\x00" in value or (is_email and not _is_valid_email(value)):
                return False
            continue
        if model_field.blank and value in model_field.empty_values:
            continue
        try:
            model_field.clean(value, person)
        except ValidationError:
            return False
    try:
        person.clean()
    except ValidationError:
        return False
    return True

"""Import of existing pairs and groups from the school's spreadsheet (XLSX or CSV, as Russian Excel saves it).

Historical pairs enter with the status and order the file gives, bypassing the lifecycle's
gates: what the consent, term and load rules would say is reported on the row, and an
active pair lacking consents is flagged on the curator's board. Reading the file, dates
and the rules for bad rows are the people import's (``people/importing.py``): a rejected
row writes nothing and never stops the good ones, and lines are numbered as in Excel.

As there, rows are checked in Python against what was read once (the school's people with
their consents, the mentors' current loads, the cap, the forms) and the good ones are written
in sets of ``BATCH``: the mentorships, their participants, their first status change and their
audit events, each with one statement. A set the database refuses is written again row by row.
"""

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.log import event, record, record_many
from audit.models import AuditAction
from mentoring.lifecycle import consent_problems_of, hard_cap, load_check, mentees_by_mentor
from mentoring.models import (
    ENDED,
    FIXED,
    FORMING,
    LOADING,
    MentoringForm,
    Mentorship,
    Participant,
    Status,
    StatusChange,
    TerminationReason,
)
from mentoring.terms import term_problems
from people import columns
from people.columns import Column
from people.importing import (
    CellError,
    Progress,
    RejectedRow,
    UnreadableFile,
    _text,
    check_cell,
    data_rows,
    first_filled,
    iter_table,
    parse_date,
)
from people.models import Person
from public.invalidation import bump as bump_public_pages

# Headers and status words are the file format a curator types in Excel: Russian data, not UI text.
MENTOR = Column("mentor", "Наставник", aliases=("Табельный номер наставника", "Таб. № наставника"))
MENTEES = Column(
    "mentees", "Наставляемые", aliases=("Наставляемый", "Табельные номера наставляемых", "Таб. № наставляемых")
)
FORM = Column("form", "Форма", aliases=("Форма наставничества",))
START = Column("start", "Дата начала", aliases=("Начало",))
END = Column("end", "Дата окончания", aliases=("Окончание", "Дата завершения"))
STATUS = Column("status", "Статус")
ORDER_NUMBER = Column("order_number", "Приказ №", aliases=("Номер приказа", "№ приказа", "Приказ"))
ORDER_DATE = Column("order_date", "Дата приказа")

COLUMNS = (MENTOR, MENTEES, FORM, START, END, STATUS, ORDER_NUMBER, ORDER_DATE)
REQUIRED = (MENTOR, MENTEES, FORM, START, END)
HEADERS = [column.header for column in COLUMNS]
COLUMN_BY_HEADER = {columns.normalize(name): column for column in COLUMNS for name in column.names}

# What «Статус» may say, in the order the import page lists it; the first word of each is the one
# the page and the errors name. Besides these, every label the portal shows for a status, in each
# of its languages, is understood (``status_by_word``); case and «ё» never matter.
STATUS_WORDS = {
    Status.APPROVED: ("утверждена", "утверждённая", "утверждена приказом"),
    Status.ACTIVE: ("активна", "активная", "действует", "действующая"),
    Status.COMPLETED: ("завершена", "завершённая"),
    Status.TERMINATED: ("прекращена", "прекращённая", "прекращена досрочно"),
    Status.NOT_FORMED: ("не сформирована", "не сформированная", "несформированная"),
    Status.PROPOSED: ("предложена", "предложенная"),
    Status.DRAFT: ("черновик",),
}
STATUS_HELP = {
    Status.APPROVED: gettext_lazy(
        "fixed by the director's order, not started yet: «Приказ №» and «Дата приказа» are required; "
        "it becomes active on its start date"
    ),
    Status.ACTIVE: gettext_lazy(
        "fixed by an order and running: «Приказ №» and «Дата приказа» are required; an empty «Статус» means "
        "this when they are given, and «предложена» (waiting for the director's order) when they are not"
    ),
    Status.COMPLETED: gettext_lazy("ended as planned"),
    Status.TERMINATED: gettext_lazy(
        "ended early after its order; without «Приказ №» no order fixed the pair, and it is recorded "
        "as «не сформирована»"
    ),
    Status.NOT_FORMED: gettext_lazy("dropped before an order fixed it: kept apart, never counted; no «Приказ №»"),
    Status.PROPOSED: gettext_lazy("proposed for the director's order: no «Приказ №» yet"),
    Status.DRAFT: gettext_lazy("a draft: no «Приказ №» yet"),
}


@functools.cache
def _label_words() -> dict[str, str]:
    """The labels the portal shows for each status, in each of its languages."""
    words = {}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            for status in Status:
                words.setdefault(columns.normalize(str(status.label)), status.value)
    return words


@functools.cache
def status_by_word() -> dict[str, str]:
    """Normalized word → status, for every word «Статус» may hold."""
    found = dict(_label_words())
    found.update({columns.normalize(word): status for status, words in STATUS_WORDS.items() for word in words})
    return found


def status_choices() -> list[dict]:
    """What the import page lists: for each status its word, what it means, and what else is understood."""
    labels = _label_words()
    choices = []
    for status, words in STATUS_WORDS.items():
        normalized = {columns.normalize(word) for word in words}
        others = [*words[1:], *(word for word, value in labels.items() if value == status and word not in normalized)]
        choices.append({"status": status, "word": words[0], "help": STATUS_HELP[status], "also": others})
    return choices


_REMARK = re.compile(r"\(.*?\)")
_NUMBER_SEPARATORS = re.compile(r"[,;\n]")
ORDER_NUMBER_MAX_LENGTH = Mentorship._meta.get_field("order_number").max_length


# ---------------------------------------------------------------------------
# Header


@dataclass
class Header:
    line: int  # the header's line number; data starts below it
    columns: dict[int, tuple[Column, str]]  # cell index → column and the header as written
    warnings: list[str]

    def has(self, key: str) -> bool:
        return any(column.key == key for column, _title in self.columns.values())

    def title_of(self, key: str) -> str:
        written = [title for column, title in self.columns.values() if column.key == key]
        return written[0] if written else next(column.header for column in COLUMNS if column.key == key)


def _column_named(title: str) -> Column | None:
    """«Наставник (табельный номер)» is «Наставник»: a remark in brackets does not matter."""
    return COLUMN_BY_HEADER.get(columns.normalize(title)) or COLUMN_BY_HEADER.get(
        columns.normalize(_REMARK.sub("", title))
    )


def read_header(rows: Iterator[list]) -> Header:
    """Reads ``rows`` up to the header, which is the first row that is not blank."""
    index, cells = first_filled(rows)
    found: dict[int, tuple[Column, str]] = {}
    unknown, repeated = [], []
    for position, cell in enumerate(cells):
        title = _text(cell)
        if not title:
            continue
        column = _column_named(title)
        if column is None:
            unknown.append(title)
        elif any(known.key == column.key for known, _title in found.values()):
            repeated.append(title)
        else:
            found[position] = (column, title)
    header = Header(line=index + 1, columns=found, warnings=[])
    _require_columns(header)
    if unknown:
        header.warnings.append(_("Unknown columns were ignored: %(columns)s.") % {"columns": _quoted(unknown)})
    if repeated:
        header.warnings.append(
            _("Repeated columns were ignored (the first one of each is read): %(columns)s.")
            % {"columns": _quoted(repeated)}
        )
    return header


def _require_columns(header: Header) -> None:
    missing = [column.header for column in REQUIRED if not header.has(column.key)]
    if missing:
        raise UnreadableFile(
            _("The first row must name the columns %(required)s; missing: %(missing)s.")
            % {"required": _quoted(column.header for column in REQUIRED), "missing": _quoted(missing)}
        )


def _quoted(words) -> str:
    return ", ".join(f"«{word}»" for word in words)


# ---------------------------------------------------------------------------
# Cells


def _number(value, title: str) -> str:
    return _text(value)


def _numbers(value, title: str) -> tuple[str, ...]:
    if isinstance(value, float) and not value.is_integer():
        raise CellError(
            _(
                "«%(column)s» holds the number %(value)s: Excel took the comma for a decimal point; "
                "format the column as text and type the numbers again"
            )
            % {"column": title, "value": value}
        )
    numbers = [part.strip() for part in _NUMBER_SEPARATORS.split(_text(value)) if part.strip()]
    repeated = next((number for i, number in enumerate(numbers) if number in numbers[:i]), None)
    if repeated is not None:
        raise CellError(_("«%(column)s» names %(number)s twice") % {"column": title, "number": repeated})
    return tuple(numbers)


def _name(value, title: str) -> str:
    return " ".join(_text(value).split())


def _status(value, title: str) -> str:
    text = _text(value)
    if not text:
        return ""  # decided with the order cells: active with an order, proposed without one
    if status := status_by_word().get(columns.normalize(text)):
        return status
    raise CellError(
        _("unknown status «%(value)s» (expected one of: %(expected)s)")
        % {"value": text, "expected": _quoted(words[0] for words in STATUS_WORDS.values())}
    )


def _order_number(value, title: str) -> str:
    text = _name(value, title)
    if len(text) > ORDER_NUMBER_MAX_LENGTH:
        raise CellError(
            _("«%(column)s» is longer than %(limit)s characters") % {"column": title, "limit": ORDER_NUMBER_MAX_LENGTH}
        )
    return text


PARSERS = {
    MENTOR.key: _number,
    MENTEES.key: _numbers,
    FORM.key: _name,
    START.key: parse_date,
    END.key: parse_date,
    STATUS.key: _status,
    ORDER_NUMBER.key: _order_number,
    ORDER_DATE.key: parse_date,
}


def parse_row(header: Header, cells: list) -> tuple[dict, list[str]]:
    """``{column key: value}`` for the cells that could be read, and why the others could not."""
    values, errors = {}, []
    for position, (column, title) in header.columns.items():
        value = cells[position] if position < len(cells) else None
        try:
            check_cell(value, title)
            values[column.key] = PARSERS[column.key](value, title)
        except CellError as exc:
            errors.append(str(exc))
    for column in REQUIRED:
        if column.key in values and not values[column.key]:
            errors.append(_("the required «%(column)s» is empty") % {"column": header.title_of(column.key)})
    return values, errors


# ---------------------------------------------------------------------------
# Report


@dataclass
class ImportedPair:
    line: int
    mentor: Person
    mentees: list[Person]
    form: MentoringForm
    start: datetime.date
    end: datetime.date
    status: str
    order_number: str = ""
    order_date: datetime.date | None = None
    warnings: list[str] = field(default_factory=list)
    notes_from_the_file: list[str] = field(default_factory=list)  # how the row was read («прекращена» → not formed)
    consent_problems: list[str] = field(default_factory=list)  # set only for a pair an order fixed, then flagged

    @property
    def key(self) -> tuple:
        """What makes two rows the same mentorship: its mentor, its mentees and its start."""
        return (self.mentor.pk, frozenset(person.pk for person in self.mentees), self.start)

    @property
    def is_group(self) -> bool:
        return len(self.mentees) >= 2

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def notes(self) -> list[str]:
        return [*self.warnings, *self.consent_problems]


@dataclass
class PairImportReport:
    dry_run: bool = False
    created: list[ImportedPair] = field(default_factory=list)
    unchanged: list[ImportedPair] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[ImportedPair]:
        return [row for row in self.created if row.consent_problems]

    def summary(self) -> str:
        counts = {
            "created": len(self.created),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
            "flagged": len(self.flagged),
        }
        if self.dry_run:
            return (
                _(
                    "Dry run, nothing was written: would create %(created)s, leave unchanged %(unchanged)s, "
                    "reject %(rejected)s; new ones lacking consents: %(flagged)s."
                )
                % counts
            )
        return (
            _(
                "Created: %(created)s, unchanged: %(unchanged)s, rejected: %(rejected)s; "
                "flagged for missing consents: %(flagged)s."
            )
            % counts
        )


# ---------------------------------------------------------------------------
# Import


def import_pairs(
    *, school, file, filename: str, actor=None, dry_run: bool = False, progress: Progress | None = None
) -> PairImportReport:
    """Create the school's pairs and groups a spreadsheet lists; raises UnreadableFile if it cannot be read.

    A file found unreadable midway (a row over the limit, a damaged part) still imports nothing.
    """
    rows = iter(iter_table(file, filename))
    header = read_header(rows)
    importer = _Importer(school=school, actor=actor, dry_run=dry_run)
    importer.report.warnings.extend(header.warnings)
    # One transaction, a savepoint per row. A dry run makes the very same writes and rolls them
    # back, so its consent flags and load warnings are exactly what the real import will give.
    with transaction.atomic():
        importer.run(header, rows, progress)
        importer.flush()
        if dry_run:
            transaction.set_rollback(True)
    if importer.wrote and not dry_run:  # written without post_save: the public pages are refreshed once
        bump_public_pages(school.pk)
    return importer.report


BATCH = 500


class _Importer:
    def __init__(self, *, school, actor, dry_run: bool):
        self.school = school
        self.actor = actor
        self.report = PairImportReport(dry_run=dry_run)
        people = (
            Person.objects.for_school(school)
            .exclude(employee_number="")
            .select_related("school", "mentor_profile")
            .prefetch_related("consents")
        )
        self.people = {person.employee_number: person for person in people}
        self.forms = {columns.normalize(form.name): form for form in MentoringForm.objects.for_school(school)}
        self.existing = _existing_keys(school)
        self.lines_by_key: dict[tuple, int] = {}
        self.loads = mentees_by_mentor(school)  # mentor's person id → current mentees' ids, kept up to date
        self.cap = hard_cap(school)
        self.pending: list[ImportedPair] = []
        self.wrote = False

    def run(self, header: Header, rows: Iterable[list], progress: Progress | None = None) -> None:
        for line, cells in data_rows(header, rows, progress):
            self._import_row(header, line, cells)
            if len(self.pending) >= BATCH:
                self.flush()

    def _import_row(self, header: Header, line: int, cells: list) -> None:
        values, errors = parse_row(header, cells)
        pair = self._pair(header, line, values, errors)
        if errors:
            return self._reject(line, errors)
        if first_line := self.lines_by_key.get(pair.key):
            return self._reject(line, [_("a repeat of line %(line)s") % {"line": first_line}])
        if pair.key in self.existing:
            self.report.unchanged.append(pair)
        elif self._save(pair, header):
            self.report.created.append(pair)
        else:
            return None
        self.lines_by_key[pair.key] = line
        return None

    def _reject(self, line: int, reasons: list[str]) -> None:
        self.report.rejected.append(RejectedRow(line=line, reasons=reasons))

    def _pair(self, header: Header, line: int, values: dict, errors: list[str]) -> ImportedPair | None:
        """The mentorship the row describes, or None with the reasons added to ``errors``."""
        mentor = self._person(values.get(MENTOR.key), header.title_of(MENTOR.key), errors)
        mentees = [self._person(number, header.title_of(MENTEES.key), errors) for number in values.get(MENTEES.key, ())]
        if values.get(MENTOR.key) and values.get(MENTOR.key) in values.get(MENTEES.key, ()):
            errors.append(_("the mentor %(number)s is also among the mentees") % {"number": values[MENTOR.key]})
        form = self._form(values.get(FORM.key), errors)
        start, end = values.get(START.key), values.get(END.key)
        if start and end and end < start:
            errors.append(
                _("the end %(end)s precedes the start %(start)s")
                % {"end": end.strftime("%d.%m.%Y"), "start": start.strftime("%d.%m.%Y")}
            )
        if form and mentor and mentees and all(mentees):
            errors.extend(_kind_problems(form, mentor, mentees))
        order_number, order_date = values.get(ORDER_NUMBER.key, ""), values.get(ORDER_DATE.key)
        status = values.get(STATUS.key) or (Status.ACTIVE if order_number and order_date else Status.PROPOSED)
        errors.extend(_order_problems(header, status, order_number, order_date))
        if errors:
            return None
        pair = ImportedPair(
            line=line,
            mentor=mentor,
            mentees=mentees,
            form=form,
            start=start,
            end=end,
            status=status,
            order_number=order_number,
            order_date=order_date,
        )
        if status == Status.TERMINATED and not order_number:
            # One rule for the whole portal: a pair dropped before any order fixed it was never formed.
            pair.status = Status.NOT_FORMED
            pair.notes_from_the_file.append(
                _(
                    "«%(terminated)s» with an empty «%(column)s»: no order fixed the pair, "
                    "so it is recorded as «%(not_formed)s»."
                )
                % {
                    "terminated": _word(Status.TERMINATED),
                    "column": header.title_of(ORDER_NUMBER.key),
                    "not_formed": _word(Status.NOT_FORMED),
                }
            )
        return pair

    def _person(self, number: str | None, title: str, errors: list[str]) -> Person | None:
        if not number:
            return None
        person = self.people.get(number)
        if person is None:
            errors.append(
                _("unknown employee number %(number)s in «%(column)s»: nobody in the bank has it")
                % {"number": number, "column": title}
            )
        return person

    def _form(self, name: str | None, errors: list[str]) -> MentoringForm | None:
        if not name:
            return None
        form = self.forms.get(columns.normalize(name))
        if form is None:
            errors.append(
                _("unknown form «%(value)s» (the school's forms: %(expected)s)")
                % {"value": name, "expected": _quoted(known.name for known in self.forms.values())}
            )
        return form

    def _warnings(self, pair: ImportedPair, header: Header) -> list[str]:
        """What the lifecycle would refuse or warn about, told but not enforced for historical pairs."""
        warnings = [*pair.notes_from_the_file, *term_problems(pair.start, pair.end)]
        if pair.status == Status.COMPLETED and not pair.order_number:
            warnings.append(
                _("The mentorship is completed, but «%(column)s» is empty: its order is not recorded.")
                % {"column": header.title_of(ORDER_NUMBER.key)}
            )
        if pair.status in LOADING:
            current = len(self.loads.get(pair.mentor.pk, ()))
            load = load_check(pair.mentor, len(pair.mentees), current=current, cap=self.cap)
            warnings.extend([*load.problems, *load.warnings])
        return warnings

    def _save(self, pair: ImportedPair, header: Header) -> bool:
        """Checks the good row as the lifecycle would and queues it for its set."""
        pair.warnings = self._warnings(pair, header)
        if pair.status in FIXED:
            pair.consent_problems = consent_problems_of(
                [(pair.mentor, Participant.Role.MENTOR)]
                + [(mentee, Participant.Role.MENTEE) for mentee in pair.mentees]
            )
        if pair.status in LOADING:
            self.loads.setdefault(pair.mentor.pk, set()).update(mentee.pk for mentee in pair.mentees)
        self.pending.append(pair)
        return True

    def flush(self) -> None:
        """Writes the queued pairs as a set, or row by row if the database refuses the set."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            with transaction.atomic():
                _create_many(batch, school=self.school, actor=self.actor)
        except DatabaseError:
            for pair in batch:
                self._save_one(pair)
        self.wrote = True

    def _save_one(self, pair: ImportedPair) -> None:
        try:
            with transaction.atomic():
                _create(pair, school=self.school, actor=self.actor)
        except DatabaseError as exc:
            self.report.created.remove(pair)
            self._reject(pair.line, [_("the database refused the row: %(error)s") % {"error": exc}])


def _word(status: str) -> str:
    return STATUS_WORDS[status][0]


def _order_problems(header: Header, status: str, number: str, date: datetime.date | None) -> list[str]:
    """A status and the order cells must agree: an order fixes a pair, or there is none yet."""
    params = {
        "status": _word(status),
        "number_column": header.title_of(ORDER_NUMBER.key),
        "date_column": header.title_of(ORDER_DATE.key),
        "number": number,
    }
    if status in (Status.APPROVED, Status.ACTIVE) and not (number and date):
        return [
            _("«%(status)s» means fixed by the director's order: give «%(number_column)s» and «%(date_column)s»")
            % params
        ]
    if status in FORMING and number:
        return [
            _(
                "«%(status)s» has no order yet, but «%(number_column)s» holds %(number)s: a pair fixed by an order "
                "is «%(approved)s», «%(active)s», «%(completed)s» or «%(terminated)s»"
            )
            % (params | _fixed_words())
        ]
    if status == Status.NOT_FORMED and number:
        return [
            _(
                "«%(status)s» is a pair no order fixed, but «%(number_column)s» holds %(number)s: "
                "a pair ended early after its order is «%(terminated)s»"
            )
            % (params | _fixed_words())
        ]
    return []


def _fixed_words() -> dict[str, str]:
    return {
        "approved": _word(Status.APPROVED),
        "active": _word(Status.ACTIVE),
        "completed": _word(Status.COMPLETED),
        "terminated": _word(Status.TERMINATED),
    }


def _kind_problems(form: MentoringForm, mentor: Person, mentees: list[Person]) -> list[str]:
    problems = []
    if mentor.kind not in form.mentor_kinds:
        problems.append(
            _("in the form «%(form)s» a mentor is %(kinds)s, but %(person)s (%(number)s) is %(kind)s")
            % _kind_params(form, form.mentor_kinds, mentor)
        )
    for mentee in mentees:
        if mentee.kind not in form.mentee_kinds:
            problems.append(
                _("in the form «%(form)s» a mentee is %(kinds)s, but %(person)s (%(number)s) is %(kind)s")
                % _kind_params(form, form.mentee_kinds, mentee)
            )
    return problems


def _kind_params(form: MentoringForm, kinds: list[str], person: Person) -> dict:
    return {
        "form": form.name,
        "kinds": form.kinds_label(kinds),
        "person": person.short_name,
        "number": person.employee_number,
        "kind": person.get_kind_display(),
    }


def _existing_keys(school) -> set[tuple]:
    """Every mentorship of the school as (mentor, mentees, start), one per mentor it ever had.

    A replaced mentor still counts, so importing the original file again finds the pair.
    """
    mentors, mentees, starts = defaultdict(set), defaultdict(set), {}
    rows = Participant.objects.for_school(school).values_list(
        "mentorship_id", "mentorship__planned_start", "role", "person_id"
    )
    for mentorship_id, start, role, person_id in rows:
        starts[mentorship_id] = start
        (mentors if role == Participant.Role.MENTOR else mentees)[mentorship_id].add(person_id)
    return {
        (mentor, frozenset(mentees[mentorship_id]), start)
        for mentorship_id, start in starts.items()
        for mentor in mentors[mentorship_id]
    }


# Why an imported pair ended early: the file does not say, so the mildest reason is recorded.
IMPORTED_REASONS = {Status.TERMINATED: TerminationReason.MUTUAL, Status.NOT_FORMED: TerminationReason.NOT_FORMED}


def _mentorship(pair: ImportedPair, *, school, actor) -> Mentorship:
    reason = IMPORTED_REASONS.get(pair.status, "")
    return Mentorship(
        school=school,
        form=pair.form,
        status=pair.status,
        planned_start=pair.start,
        planned_end=pair.end,
        actual_end=pair.end if pair.status in ENDED else None,
        order_number=pair.order_number,
        order_date=pair.order_date,
        termination_reason=reason,
        termination_note=_("Imported from a spreadsheet") if reason else "",
        # An approved or active pair imported without consents is flagged on the curator's board,
        # as a withdrawal is.
        consent_alert="\n".join(pair.consent_problems),
        imported=True,
        created_by=actor,
    )


def _participants(pair: ImportedPair, mentorship: Mentorship) -> list[Participant]:
    return [
        Participant(mentorship=mentorship, person=pair.mentor, role=Participant.Role.MENTOR, started_on=pair.start)
    ] + [
        Participant(mentorship=mentorship, person=mentee, role=Participant.Role.MENTEE, started_on=pair.start)
        for mentee in pair.mentees
    ]


def _note(pair: ImportedPair) -> str:
    if pair.order_number:
        return _(
            "Import from a spreadsheet, line %(line)s: order No. %(number)s of %(date)s as given in the file "
            "(not in the portal's registry)"
        ) % {"line": pair.line, "number": pair.order_number, "date": pair.order_date.strftime("%d.%m.%Y")}
    return _("Import from a spreadsheet, line %(line)s") % {"line": pair.line}


def _changes(pair: ImportedPair, note: str) -> dict:
    return {
        "status": [None, pair.status],
        "order_number": [None, pair.order_number],
        "order_date": [None, pair.order_date.isoformat() if pair.order_date else None],
        "note": [None, note],
    }


def _create(pair: ImportedPair, *, school, actor) -> Mentorship:
    """One pair, as a row of its own (when its set was refused)."""
    mentorship = _mentorship(pair, school=school, actor=actor)
    mentorship.save()
    Participant.objects.bulk_create(_participants(pair, mentorship))
    note = _note(pair)
    StatusChange.objects.create(mentorship=mentorship, from_status="", to_status=pair.status, by=actor, note=note)
    record(actor=actor, school=school, action=AuditAction.IMPORT, obj=mentorship, changes=_changes(pair, note))
    return mentorship


def _create_many(pairs: list[ImportedPair], *, school, actor) -> None:
    """A set of pairs with one statement per table."""
    mentorships = Mentorship.objects.bulk_create([_mentorship(pair, school=school, actor=actor) for pair in pairs])
    Participant.objects.bulk_create(
        [
            participant
            for pair, made in zip(pairs, mentorships, strict=True)
            for participant in _participants(pair, made)
        ]
    )
    notes = [_note(pair) for pair in pairs]
    StatusChange.objects.bulk_create(
        [
            StatusChange(mentorship=made, from_status="", to_status=pair.status, by=actor, note=note)
            for pair, made, note in zip(pairs, mentorships, notes, strict=True)
        ]
    )
    record_many(
        [
            event(
                actor=actor,
                school=school,
                action=AuditAction.IMPORT,
                obj=made,
                changes=_changes(pair, note),
                label=f"{pair.mentor.short_name} → {', '.join(mentee.short_name for mentee in pair.mentees)}",
            )
            for pair, made, note in zip(pairs, mentorships, notes, strict=True)
        ]
    )

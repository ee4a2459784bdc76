"""The municipal analytical report on mentoring for an academic year (seed 004 §III.6: the
municipality monitors and writes the final analytical report), as a PDF.

The figures: each school's indicators as ``monitoring.municipal.rows_for`` gives them (frozen where
the school froze them), and the municipality's total of each share computed from the summed
numerators and denominators — never an average of percentages. A share over fewer than 5 people is
masked as on the municipality's page; so is the total when the masked schools together hold fewer
than 5 people, since the total minus the shown rows would tell their figures. Involvement by form
and the training of mentors are live figures (frozen results do not keep them). Best practices are
the municipal bank's (what the schools published). The conclusions are sentences generated from the
targets plus the coordinator's own text (``MunicipalReport``).

The report is a printed document: Russian text in the template, rendered in Russian whatever the
page's language. All of it costs a fixed number of queries whatever the number of schools.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count, Q
from django.utils import timezone, translation

from documents.rendering import render_pdf
from mentoring.models import Participant
from monitoring import municipal
from monitoring.indicators import BY_CODE, Indicator, counting_mentorships, target_for, year_bounds
from monitoring.reports import conclusion, source_note
from municipal import practices as bank
from municipal.models import MunicipalReport
from people.models import MentorTraining

TEMPLATE = "municipal/report_pdf.html"
OWN_LABEL = "Доля школ муниципалитета, в которых реализуется система наставничества"
# The shares and counts the report sets out by school (seed 000 §1.4).
CODES = [
    "young_in_programs",
    "teachers_in_programs",
    "under35_in_programs",
    "mentee_satisfaction",
    "mentor_satisfaction",
    "school_events",
    "mentorships",
    "groups",
    "mentors",
    "mentees",
    "programs_completed",
]


@dataclass
class Cell:
    """One school's (or the total's) figure of one indicator; ``masked`` hides a small share."""

    indicator: Indicator | None
    masked: bool = False


@dataclass
class IndicatorTable:
    code: str
    label: str
    percent: bool
    definition: str
    target: object
    rows: list  # [(school, Cell)]
    total: Cell


def total_of(code: str, indicators: list[Indicator | None], year: int) -> Indicator | None:
    """The municipality's total: numerators and denominators summed (answers too), with the
    target the seed sets for a share (schools may set their own; the municipality's is the
    default). A count's target is per school («2 мероприятия»), so its total has none."""
    present = [i for i in indicators if i is not None]
    if not present:
        return None
    first = present[0]
    definition = BY_CODE.get(code)
    denominators = [i.denominator for i in present if i.denominator is not None]
    answered = [i.responded for i in present if i.responded is not None]
    return replace(
        first,
        numerator=sum(i.numerator for i in present),
        denominator=sum(denominators) if first.denominator is not None else None,
        responded=sum(answered) if first.responded is not None else None,
        target=target_for(definition, year, None) if definition and first.percent else None,
    )


def total_masked(total: Indicator | None, cells: list[Cell]) -> bool:
    """The total is masked when it is a small share itself, or when the masked schools together
    hold fewer than 5 people (total minus the shown rows would give them away)."""
    if total is None:
        return False
    if municipal.is_small(total):
        return True
    hidden = sum(c.indicator.denominator or 0 for c in cells if c.masked)
    return any(c.masked for c in cells) and hidden < municipal.SMALL


def indicator_tables(rows, year: int) -> list[IndicatorTable]:
    tables = []
    for code in CODES:
        definition = BY_CODE[code]
        cells = []
        for row in rows:
            indicator = row.by_code.get(code)
            cells.append(Cell(indicator, bool(indicator and municipal.is_small(indicator))))
        total = total_of(code, [c.indicator for c in cells], year)
        tables.append(
            IndicatorTable(
                code=code,
                label=str(definition.label),
                percent=definition.percent,
                definition=definition.how,
                target=target_for(definition, year, None),
                rows=[(row.school, cell) for row, cell in zip(rows, cells, strict=True)],
                total=Cell(total, total_masked(total, cells)),
            )
        )
    return tables


@dataclass
class FormLine:
    form: str
    schools: list = field(default_factory=list)  # [(school, pairs, groups)]
    pairs: int = 0
    groups: int = 0


def involvement_by_form(schools, year: int) -> list[FormLine]:
    """Pairs and groups fixed by an order that count in the year, per form and school (one query).
    Forms are each school's own catalogue: the same name in two schools is one line."""
    by_id = {s.pk: s for s in schools}
    counts = defaultdict(lambda: [0, 0])
    found = (
        counting_mentorships(list(by_id), year)
        .annotate(n_mentees=Count("participants", filter=Q(participants__role=Participant.Role.MENTEE), distinct=True))
        .values_list("school_id", "form__name", "n_mentees")
    )
    for school_id, form, n_mentees in found:
        counts[(form, school_id)][1 if n_mentees >= 2 else 0] += 1
    lines = {}
    for (form, school_id), (pairs, groups) in counts.items():
        line = lines.setdefault(form, FormLine(form))
        line.schools.append((by_id[school_id], pairs, groups))
        line.pairs += pairs
        line.groups += groups
    order = {s.pk: n for n, s in enumerate(schools)}
    for line in lines.values():
        line.schools.sort(key=lambda item: order[item[0].pk])
    return sorted(lines.values(), key=lambda line: line.form)


@dataclass
class TrainingLine:
    school: object
    people: int
    courses: int
    hours: int


def training(schools, year: int) -> list[TrainingLine]:
    """Mentors' professional development completed in the year, per school: people, courses and
    hours (aggregates only; one query)."""
    start, end = year_bounds(year)
    people, courses, hours = defaultdict(set), defaultdict(int), defaultdict(int)
    for school_id, person_id, spent in MentorTraining.objects.filter(
        person__school_id__in=[s.pk for s in schools], completed_on__range=(start, end)
    ).values_list("person__school_id", "person_id", "hours"):
        people[school_id].add(person_id)
        courses[school_id] += 1
        hours[school_id] += spent or 0
    return [TrainingLine(s, len(people[s.pk]), courses[s.pk], hours[s.pk]) for s in schools]


def generated_conclusions(own: Indicator, tables: list[IndicatorTable], rows) -> list[str]:
    """Sentences from the targets: the municipality's own indicator, each total with a target,
    and the schools where the system is not implemented."""
    sentences = [conclusion(own)]
    for table in tables:
        total = table.total.indicator
        if total is None or total.target is None:
            continue
        if table.total.masked:
            sentences.append(
                f"Показатель «{table.label}» по муниципалитету не приводится: его знаменатель меньше "
                f"{municipal.SMALL} человек."
            )
        else:
            sentences.append(conclusion(total))
    missing = [str(row.school.short_name or row.school.full_name) for row in rows if not row.implemented]
    if missing:
        sentences.append("Система наставничества не реализуется в: " + "; ".join(missing) + ".")
    elif rows:
        sentences.append("Система наставничества реализуется во всех школах муниципалитета.")
    return sentences


def context(municipality, year: int, *, today: datetime.date | None = None) -> dict:
    schools = bank.schools_of(municipality)
    rows, own = municipal.rows_for(schools, year, label=OWN_LABEL)
    tables = indicator_tables(rows, year)
    start, end = year_bounds(year)
    practices = [p for p in bank.bank(municipality, schools) if p.completed_on and start <= p.completed_on <= end]
    lines = training(schools, year)
    saved = MunicipalReport.objects.filter(municipality=municipality, year=year).first()
    own_text = saved.conclusions.strip() if saved else ""
    today = today or timezone.localdate()
    return {
        "municipality": municipality,
        "year": year,
        "next_year": year + 1,
        "today": today.strftime("%d.%m.%Y"),
        "schools": schools,
        "rows": [{"row": row, "note": source_note(row.result)} for row in rows],
        "own": own,
        "tables": tables,
        "mask": municipal.MASK,
        "forms": involvement_by_form(schools, year),
        "training": lines,
        "training_total": TrainingLine(
            None, sum(t.people for t in lines), sum(t.courses for t in lines), sum(t.hours for t in lines)
        ),
        "practices": practices,
        "conclusions": generated_conclusions(own, tables, rows),
        "own_conclusions": [p.strip() for p in own_text.split("\n") if p.strip()],
    }


def render(municipality, year: int) -> bytes:
    # A Russian document whatever the language of the page that asked for it.
    with translation.override("ru"):
        return render_pdf(TEMPLATE, context(municipality, year))

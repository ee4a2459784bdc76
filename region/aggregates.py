"""The region's municipalities side by side (seed 004 §III.2: the regional coordinator of the
mentoring system), aggregates only.

Each municipality's line: its number of schools, the share of them where the system is
implemented (seed 000 §1.4, row 2: 60 % in 2023/24, 85 % from 2024/25, «на уровне области»), and
the totals of the school indicators its page shows — numerators and denominators summed over its
schools, never an average of percentages, frozen where a school froze them. The sums are stored
beside the schools' rows whenever those change (``municipal.figures.store_municipality_sums``), so
the page reads one row per municipality: 1,000 schools cost what 50 do.

Masking follows the municipal report (``municipal.report.total_masked``): a municipality's total
is hidden when it is a share over fewer than 5 people, or when its masked schools together hold
fewer than 5 (its total minus its schools shown on its page would give them away). The region's
total is hidden likewise when the schools hidden inside the hidden municipalities hold fewer than 5.
"""

import functools
from dataclasses import dataclass, field, replace

from django.utils.translation import get_language, gettext

from monitoring import municipal
from monitoring.indicators import BY_CODE, Indicator, target_for
from municipal.figures import oldest, stored_municipality_sums


@dataclass
class Cell:
    indicator: Indicator | None
    masked: bool = False
    hidden: int = 0  # people behind the masked schools inside it


@dataclass
class Line:
    """A municipality's totals (or the region's, with ``municipality`` None)."""

    municipality: object
    schools: int
    own: Indicator
    cells: list[Cell] = field(default_factory=list)
    as_of: object = None
    shown: str = ""  # the cells as printed (region.table.cells_html)


def _small(percent: bool, denominator) -> bool:
    return bool(percent and denominator is not None and 0 < denominator < municipal.SMALL)


@dataclass
class Sums:
    """One indicator summed over schools: numerators, denominators, who answered, and the people
    behind the schools whose share is small (masked on the municipality's page)."""

    numerator: int = 0
    denominator: int | None = None
    responded: int | None = None
    hidden: int = 0
    schools: int = 0

    def add(self, numerator, denominator, responded, hidden: int = 0, schools: int = 1) -> None:
        self.numerator += numerator or 0
        if denominator is not None:
            self.denominator = (self.denominator or 0) + denominator
        if responded is not None:
            self.responded = (self.responded or 0) + responded
        self.hidden += hidden or 0
        self.schools += schools


@functools.cache
def _words(code: str, language: str) -> tuple[str, str]:
    """The indicator's label and chart label in ``language`` (the one active: the cache's key)."""
    definition = BY_CODE[code]
    return str(definition.label), str(definition.chart_label or definition.label)


def total(code: str, sums: Sums, year: int) -> Indicator | None:
    if not sums.schools:
        return None
    definition = BY_CODE[code]
    return Indicator(
        code=code,
        label=_words(code, get_language())[0],
        numerator=sums.numerator,
        denominator=sums.denominator,
        percent=definition.percent,
        target=target_for(definition, year, None) if definition.percent else None,
        chart_label=_words(code, get_language())[1],
        definition=definition.how,
        responded=sums.responded,
    )


def _cell(code: str, sums: Sums, year: int) -> Cell:
    """A municipality's total of one indicator: masked when small, or when its small schools
    together hold fewer than 5 people."""
    indicator = total(code, sums, year)
    if indicator is None:
        return Cell(None)
    masked = municipal.is_small(indicator) or (0 < sums.hidden < municipal.SMALL)
    return Cell(indicator, masked, sums.hidden if masked else 0)


def _region_cell(code: str, cells: list[Cell], year: int) -> Cell:
    sums = Sums()
    for c in cells:
        if c.indicator is not None:
            sums.add(c.indicator.numerator, c.indicator.denominator, c.indicator.responded)
    indicator = total(code, sums, year)
    if indicator is None:
        return Cell(None)
    hidden = sum(c.hidden for c in cells if c.masked)
    masked = municipal.is_small(indicator) or (any(c.masked for c in cells) and hidden < municipal.SMALL)
    return Cell(indicator, masked)


def own(implemented: int, schools: int, year: int) -> Indicator:
    indicator = municipal.own_indicator(
        [True] * implemented + [False] * (schools - implemented),
        year,
        gettext("Schools where the mentoring system is implemented"),
    )
    return replace(indicator, definition=municipal.HOW.replace("муниципалитета", "региона"))


def region_lines(region, year: int) -> tuple[list[Line], Line]:
    """A line per municipality of the region and the region's total line, from the municipalities'
    stored sums (``municipal.figures.stored_municipality_sums``): three queries, and 1,000 schools
    cost what 50 do."""
    municipalities = list(region.municipalities.order_by("name"))
    stored = stored_municipality_sums(region, year)
    lines = []
    for municipality in municipalities:
        row = stored.get(municipality.pk)
        schools, implemented = (row.schools, row.implemented) if row else (0, 0)
        cells = []
        for code in municipal.COLUMNS:
            numerator, denominator, responded, hidden = (
                row.sums.get(code, (0, None, None, 0)) if row else (0, None, None, 0)
            )
            sums = Sums(numerator, denominator, responded, hidden, schools)
            cells.append(_cell(code, sums, year))
        lines.append(
            Line(municipality, schools, own(implemented, schools, year), cells, row.computed_at if row else None)
        )
    region_total = Line(
        None,
        sum(line.schools for line in lines),
        own(sum(line.own.numerator for line in lines), sum(line.schools for line in lines), year),
        [_region_cell(code, [line.cells[n] for line in lines], year) for n, code in enumerate(municipal.COLUMNS)],
        oldest(line.as_of for line in lines),
    )
    return lines, region_total


def municipality_total(rows, year: int) -> list[Cell]:
    """The totals row under a municipality's schools (``monitoring.municipal.rows_for``'s rows)."""
    cells = []
    for code in municipal.COLUMNS:
        sums = Sums()
        for row in rows:
            indicator = row.by_code.get(code)
            if indicator is not None:
                hidden = indicator.denominator if municipal.is_small(indicator) else 0
                sums.add(indicator.numerator, indicator.denominator, indicator.responded, hidden)
        cells.append(_cell(code, sums, year))
    return cells

"""The table of a municipality's schools (its coordinator's page and the region's page of it),
made ready to print: each cell's text and style computed once here rather than by a template
include per cell, which cost most of the page's time for 50 schools × 6 indicators."""

import hashlib

from django.utils.formats import localize
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from monitoring import municipal

# Texts and styles are escaped once here (numbers, the mask, fixed class names), so the template's
# autoescape has nothing left to do for the table's 300 cells.
MASKED = {"text": escape(municipal.MASK), "css": mark_safe("text-body-secondary"), "masked": True}
EMPTY = {"text": mark_safe("—"), "css": mark_safe(""), "masked": False}
STYLE = {True: mark_safe("text-success-emphasis"), False: mark_safe("text-danger"), None: mark_safe("")}


def cell(indicator, masked: bool, *, fraction: bool = False) -> dict:
    """``fraction``: a share also says its numerator and denominator («4 / 10»)."""
    if masked:
        return MASKED
    if indicator is None or indicator.value is None:
        return EMPTY
    text = localize(indicator.value) + (" %" if indicator.percent else "")
    made = {"text": escape(text), "css": STYLE[indicator.met], "masked": False}
    if fraction and indicator.percent and indicator.denominator:
        made["fraction"] = f"{indicator.numerator} / {indicator.denominator}"
    return made


def line_cells(line) -> list[dict]:
    """A region's line (``region.aggregates.Line``): the share of schools implementing the system,
    then its totals, each share with its numerator and denominator."""
    return [cell(line.own, False, fraction=True)] + [
        cell(total.indicator, total.masked, fraction=True) for total in line.cells
    ]


def school_table(rows) -> list[dict]:
    """``rows``: ``monitoring.municipal.rows_for``'s; a share over fewer than 5 people is masked."""
    states = {
        "yes": gettext("yes"),
        "unsigned": gettext("no: the regulation order is not signed"),
        "no_pairs": gettext("no: no mentorships fixed by an order"),
    }
    table = []
    for row in rows:
        values = row.by_code
        state = states["yes" if row.implemented else "no_pairs" if row.regulation else "unsigned"]
        cells = []
        for code in municipal.COLUMNS:
            indicator = values.get(code)
            cells.append(cell(indicator, bool(indicator and municipal.is_small(indicator))))
        table.append({"school": row.school, "row": row, "state": state, "cells": cells})
    return table


def version_of(rows, year: int) -> str:
    """Everything the schools' table shows but its words, as a digest: each school's name and
    when its stored figures were computed or which result froze them (a refresh or a freeze
    changes it). The table's rendered copy is kept in the cache under it and the language, so
    a copy is never shown once anything in it changed: the 300 cells are not laid out again for
    every page."""
    parts = [
        (
            row.school.pk,
            str(row.school),
            row.computed_at.isoformat() if row.computed_at else "",
            row.result.pk if row.result is not None else "",
        )
        for row in rows
    ]
    return hashlib.sha256(repr((year, parts)).encode()).hexdigest()


def cells_html(cells: list[dict]):
    """A line's cells as table cells, joined once here: the region's 20 lines × 7 cells through
    the template engine cost more than the figures behind them."""
    return format_html_join(
        "",
        '<td class="text-end {}"{}>{}{}</td>',
        (
            (
                c["css"],
                mark_safe(" data-masked") if c["masked"] else "",
                c["text"],
                format_html('<small class="d-block text-body-secondary">{}</small>', c["fraction"])
                if c.get("fraction")
                else "",
            )
            for c in cells
        ),
    )

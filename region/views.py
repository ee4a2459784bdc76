"""The regional coordinator's pages (seed 004 §III.2): the region's municipalities side by side
and, per municipality, its schools' aggregates; never a person, never a school's small share."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from accounts.models import Municipality, School
from accounts.permissions import Action
from config.routers import reads_from_replica
from monitoring import municipal
from monitoring.indicators import BY_CODE
from monitoring.xlsx import indicators_workbook
from municipal.figures import oldest
from people.services import academic_year_of
from region.aggregates import municipality_total, region_lines
from region.table import cell, cells_html, line_cells, school_table, version_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _region(request, action: str):
    region = getattr(request, "region", None)
    if region is None or not request.user.has_perm(action, region):
        raise PermissionDenied
    return region


def _year(request) -> tuple[int, int]:
    current = academic_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= current + 1:  # as the municipality's page
        raise Http404
    return year, current


@reads_from_replica
def index(request):
    region = _region(request, Action.VIEW_REGION)
    year, current = _year(request)
    lines, total = region_lines(region, year)
    for line in [*lines, total]:
        line.shown = cells_html(line_cells(line))
    return render(
        request,
        "region/index.html",
        {
            "region": region,
            "year": year,
            "years": range(current - 4, current + 1),
            "lines": lines,
            "total": total,
            "as_of": total.as_of,
            "mask": municipal.MASK,
            "columns": [BY_CODE[code] for code in municipal.COLUMNS],
        },
    )


def _workbook_item(cell):
    # A masked total goes to the workbook as a small share, which the workbook prints masked.
    if cell.masked:
        return replace(cell.indicator, numerator=0, denominator=1, responded=None)
    return cell.indicator


@reads_from_replica
def export(request):
    region = _region(request, Action.EXPORT_REGION)
    year, _current = _year(request)
    lines, total = region_lines(region, year)
    rows = []
    for line in [*lines, total]:
        name = line.municipality.name if line.municipality is not None else region.name
        items = [line.own, *(_workbook_item(cell) for cell in line.cells if cell.indicator is not None)]
        moment = timezone.localtime(line.as_of).strftime("%d.%m.%Y %H:%M") if line.as_of else ""
        rows.append((name, items, gettext("Data as of %(moment)s") % {"moment": moment} if moment else ""))
    response = HttpResponse(indicators_workbook(rows, year=year, mask_small=True), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="region-{year}.xlsx"'
    return response


@reads_from_replica
def municipality(request, slug):
    """One municipality of the region: its schools' aggregates, as its own page shows them."""
    region = _region(request, Action.VIEW_REGION)
    place = get_object_or_404(Municipality.objects.filter(region=region), slug=slug)
    if not request.user.has_perm(Action.VIEW_REGION, place):
        raise PermissionDenied
    year, current = _year(request)
    schools = list(School.objects.filter(municipality=place).order_by("short_name", "full_name"))
    rows, own = municipal.rows_for(
        schools, year, label=gettext("Schools where the mentoring system is implemented"), stored=True
    )
    return render(
        request,
        "region/municipality.html",
        {
            "region": region,
            "municipality": place,
            "year": year,
            "years": range(current - 4, current + 1),
            "rows": SimpleLazyObject(lambda: school_table(rows)),  # laid out only when the cached table is stale
            "table_version": version_of(rows, year),
            "own": own,
            "totals": [cell(t.indicator, t.masked, fraction=True) for t in municipality_total(rows, year)],
            "as_of": oldest(row.computed_at for row in rows),
            "mask": municipal.MASK,
            "columns": [BY_CODE[code] for code in municipal.COLUMNS],
        },
    )

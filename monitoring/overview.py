"""A school's academic year as the dashboard and the reports show it: the year's indicators, its
data gaps, its frozen result and one share over the past years (the trend).

The trend's years are read from their frozen results where frozen, and the others from the same
two queries that give the year's own people (``indicators.school_sets_of_years``), so drawing
the trend costs no query of its own whatever the number of years.
"""

from dataclasses import dataclass
from decimal import Decimal

from monitoring import snapshot
from monitoring.indicators import Indicator, SchoolSets, compute, gaps_in, school_sets_of_years, share_value
from monitoring.models import MonitoringResult


@dataclass
class YearOverview:
    indicators: list[Indicator]
    result: MonitoringResult | None  # the year's frozen result, if it is frozen
    gaps: dict[str, int]
    trend: dict[int, Decimal | None]  # academic year: the trend share's value


def trend_years(year: int, count: int) -> list[int]:
    """The ``count`` academic years ending with ``year``."""
    return list(range(year - count + 1, year + 1))


def current(school, year: int, *, trend_code: str, trend_count: int) -> YearOverview:
    """The figures as they stand now (the dashboard), beside the year's frozen result if any; the
    trend's past years are frozen where frozen, and this year is always today's figure."""
    years = trend_years(year, trend_count)
    frozen = snapshot.frozen_results([school.pk], years)
    sets = school_sets_of_years([school.pk], [y for y in years if y == year or (school.pk, y) not in frozen])
    group = _group(sets, school, year)
    indicators = compute(school, year, sets=group)
    trend = _trend(school, years, trend_code, live={year: indicators}, frozen=frozen, sets=sets)
    return YearOverview(indicators, frozen.get((school.pk, year)), gaps_in(group), trend)


def official(school, year: int, *, trend_code: str, trend_count: int) -> YearOverview:
    """What the reports print: a frozen year's frozen figures and gaps, else the current ones;
    the trend frozen wherever a year is frozen."""
    years = trend_years(year, trend_count)
    frozen = snapshot.frozen_results([school.pk], years)
    sets = school_sets_of_years([school.pk], [y for y in years if (school.pk, y) not in frozen])
    result = frozen.get((school.pk, year))
    if result is not None:
        indicators, gaps = snapshot.indicators_of(result), snapshot.gaps_of(result)
    else:
        group = _group(sets, school, year)
        indicators, gaps = compute(school, year, sets=group), gaps_in(group)
    trend = _trend(school, years, trend_code, live={year: indicators}, frozen=frozen, sets=sets)
    return YearOverview(indicators, result, gaps, trend)


def _group(sets, school, year: int) -> SchoolSets:
    return sets[year].get(school.pk, SchoolSets())


def _trend(school, years, code: str, *, live: dict, frozen: dict, sets: dict) -> dict[int, Decimal | None]:
    series = {}
    for year in years:
        result = frozen.get((school.pk, year))
        indicators = live.get(year) or (snapshot.indicators_of(result) if result is not None else None)
        if indicators is None:
            series[year] = share_value(_group(sets, school, year), code)
        else:
            series[year] = next((i.value for i in indicators if i.code == code), None)
    return series

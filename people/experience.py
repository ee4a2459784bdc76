"""Teaching experience and the categories that follow from it."""

import datetime

from django.conf import settings


def full_years_between(start: datetime.date, end: datetime.date) -> int:
    """Whole years from ``start`` to ``end``: 01.09.2023 → 31.08.2026 is 2, → 01.09.2026 is 3."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def years_ago(on: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def is_young_specialist(teaching_started_on: datetime.date | None, on: datetime.date) -> bool:
    """Pedagogical experience under the threshold (3 full years by default); unknown start is not young."""
    if teaching_started_on is None:
        return False
    return full_years_between(teaching_started_on, on) < settings.YOUNG_SPECIALIST_YEARS


def young_specialist_cutoff(on: datetime.date) -> datetime.date:
    """People who began teaching strictly after this day are young specialists on ``on``."""
    return years_ago(on, settings.YOUNG_SPECIALIST_YEARS)


NEW_AT_SCHOOL_DAYS = 365


def is_new_at_school(hired_on: datetime.date | None, on: datetime.date) -> bool:
    return hired_on is not None and hired_on <= on and (on - hired_on).days < NEW_AT_SCHOOL_DAYS

"""Notice periods counted in working days of Russia's production calendar.

Labour Code art. 351.8: either side may end the mentoring early, warning the other in writing
«не позднее чем за три рабочих дня». The period runs from the day after the notice; the mentoring
may end on the third working day after it (a notice on Monday 7 December 2026: Tuesday, Wednesday,
Thursday — the end is Thursday 10 December). Holidays and moved days off come from the
``holidays`` package, which follows the government's yearly decrees.
"""

import datetime
from functools import cache

import holidays

NOTICE_WORKING_DAYS = 3


@cache
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.Russia(years=range(year, year + 2))


def is_working_day(day: datetime.date) -> bool:
    return _calendar(day.year).is_working_day(day)


def after_working_days(day: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``day``."""
    return _calendar(day.year).get_nth_working_day(day, count)


def earliest_end(notice_on: datetime.date) -> datetime.date:
    """The first day the mentoring may end when one side gives notice on ``notice_on``."""
    return after_working_days(notice_on, NOTICE_WORKING_DAYS)

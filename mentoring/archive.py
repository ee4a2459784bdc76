"""Which mentorships the board shows and which wait in the archive.

The board shows everything open and whatever ended (or was not formed) within the current
academic year; mentorships that ended in an earlier academic year go to the archive, paged and
filtered by the academic year they ended in, so the board does not grow with the school's history.
"""

import datetime

from django.db.models import Count, IntegerField, Min, Q, Subquery
from django.db.models.functions import Coalesce

from mentoring.models import ENDED, Mentorship
from people.services import academic_year_of

ARCHIVE_PAGE_SIZE = 50


def academic_year_start(year: int) -> datetime.date:
    return datetime.date(year, 9, 1)


def ended_between(start: datetime.date, end: datetime.date | None = None) -> Q:
    """Ended on a day in [start, end] (no upper bound when ``end`` is None); the day a mentorship
    ended is its actual end, or its planned end when it has none."""
    actual = Q(actual_end__gte=start)
    planned = Q(actual_end__isnull=True, planned_end__gte=start)
    if end is not None:
        actual &= Q(actual_end__lte=end)
        planned &= Q(planned_end__lte=end)
    return actual | planned


def ended_before(day: datetime.date) -> Q:
    return Q(actual_end__lt=day) | Q(actual_end__isnull=True, planned_end__lt=day)


def archived_condition(on: datetime.date) -> Q:
    """Ended, not formed or terminated before the academic year of ``on`` began."""
    return Q(status__in=ENDED) & ended_before(academic_year_start(academic_year_of(on)))


def on_board(queryset, on: datetime.date):
    return queryset.exclude(archived_condition(on))


def archived(queryset, on: datetime.date, year: int | None = None):
    """The archived mentorships, newest ended first; only those that ended in academic ``year`` if given."""
    found = queryset.filter(archived_condition(on))
    if year is not None:
        found = found.filter(ended_between(academic_year_start(year), academic_year_start(year + 1) - _ONE_DAY))
    return found.order_by(Coalesce("actual_end", "planned_end").desc(), "-pk")


def archived_count_expression(school, on: datetime.date):
    """How many of the school's mentorships are archived, as an expression the board's own query
    reads along (an uncorrelated subquery: the database counts once, not per row)."""
    counted = (
        Mentorship.objects.for_school(school)
        .filter(archived_condition(on))
        .order_by()
        .values("school")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def archive_years(school, on: datetime.date) -> list[int]:
    """Academic years, newest first, from the one the oldest archived mentorship ended in to last year."""
    first_end = (
        Mentorship.objects.for_school(school)
        .filter(archived_condition(on))
        .aggregate(first=Min(Coalesce("actual_end", "planned_end")))["first"]
    )
    if first_end is None:
        return []
    return list(range(academic_year_of(on) - 1, academic_year_of(first_end) - 1, -1))


def year_label(year: int) -> str:
    """2024 → «2024/25»."""
    return f"{year}/{(year + 1) % 100:02d}"


_ONE_DAY = datetime.timedelta(days=1)

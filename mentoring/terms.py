"""Terms of a mentorship or program: 3 to 12 months (seeds 000 §6, 003 §V)."""

import calendar
import datetime

from django.utils.translation import gettext as _

MIN_MONTHS = 3
MAX_MONTHS = 12


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_problems(start: datetime.date | None, end: datetime.date | None, *, max_months: int = MAX_MONTHS) -> list[str]:
    """Why a term does not fit; empty when it does. 01.09–30.11 is 3 months, 01.09–31.08 is 12."""
    if start is None or end is None:
        return [_("Give both the start and the end.")]
    if end < start:
        return [_("The end cannot precede the start.")]
    shortest_end = add_months(start, MIN_MONTHS) - datetime.timedelta(days=1)
    longest_end = add_months(start, max_months) - datetime.timedelta(days=1)
    if end < shortest_end:
        return [
            _("The term is shorter than %(months)s months: with this start it must end on %(date)s or later.")
            % {"months": MIN_MONTHS, "date": shortest_end.strftime("%d.%m.%Y")}
        ]
    if end > longest_end:
        return [
            _("The term is longer than %(months)s months: with this start it must end on %(date)s or earlier.")
            % {"months": max_months, "date": longest_end.strftime("%d.%m.%Y")}
        ]
    return []

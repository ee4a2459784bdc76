"""Registration numbers: one sequence per school, calendar year and series, issued under a row lock.

Orders, agreements to employment contracts, consents and internal documents (programs, reports)
are each numbered in their own series, with the school's own prefix («01-10/15», «ДС-3», «С-41»).
"""

import datetime

from django.db import IntegrityError, transaction

from documents.models import DocumentSettings, NumberSequence, Series

DEFAULT_PREFIXES = {
    Series.ORDERS: "01-10/",
    Series.AGREEMENTS: "ДС-",
    Series.CONSENTS: "С-",
    Series.INTERNAL: "ВД-",
}
_PREFIX_FIELDS = {
    Series.ORDERS: "number_prefix",
    Series.AGREEMENTS: "agreement_prefix",
    Series.CONSENTS: "consent_prefix",
    Series.INTERNAL: "internal_prefix",
}


def prefix_of(school, series: str = Series.ORDERS) -> str:
    field = _PREFIX_FIELDS[Series(series)]
    found = DocumentSettings.objects.filter(school=school).values_list(field, flat=True).first()
    return DEFAULT_PREFIXES[Series(series)] if found is None else found


@transaction.atomic
def next_number(school, day: datetime.date, series: str = Series.ORDERS) -> tuple[int, str]:
    """The next sequence value and its printed number («01-10/15»); two callers never share one.

    The sequence row is locked (SELECT … FOR UPDATE) until the caller's transaction ends, so
    concurrent registrations wait for each other instead of reading the same last value.
    """
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(school=school, year=day.year, series=series)
    except IntegrityError:
        pass  # another transaction created the row first; lock it below
    sequence = NumberSequence.objects.select_for_update().get(school=school, year=day.year, series=series)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, f"{prefix_of(school, series)}{sequence.last}"

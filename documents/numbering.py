"""Registration numbers: one sequence per school and calendar year, issued under a row lock."""

import datetime

from django.db import IntegrityError, transaction

from documents.models import DocumentSettings, NumberSequence


def prefix_of(school) -> str:
    found = DocumentSettings.objects.filter(school=school).values_list("number_prefix", flat=True).first()
    return "01-10/" if found is None else found


@transaction.atomic
def next_number(school, day: datetime.date) -> tuple[int, str]:
    """The next sequence value and its printed number («01-10/15»); two callers never share one.

    The sequence row is locked (SELECT … FOR UPDATE) until the caller's transaction ends, so
    concurrent registrations wait for each other instead of reading the same last value.
    """
    try:
        with transaction.atomic():
            NumberSequence.objects.get_or_create(school=school, year=day.year)
    except IntegrityError:
        pass  # another transaction created the row first; lock it below
    sequence = NumberSequence.objects.select_for_update().get(school=school, year=day.year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, f"{prefix_of(school)}{sequence.last}"

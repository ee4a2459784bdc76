"""The municipal bank of mentors and mentees (seed 004 §III.6): one base for the whole municipality.

A person is in it only while a consent to share their data with the municipality for mentoring
(``ConsentKind.MUNICIPAL_SHARING``) is in force; everyone else stays in their school's bank alone.
"""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from people.models import Consent, ConsentKind, Person


def shares_with_municipality(on: datetime.date | None = None) -> Exists:
    """True for a person (``OuterRef("pk")``) whose municipal consent is in force on ``on``."""
    return Exists(
        Consent.objects.active(on or timezone.localdate()).filter(
            person=OuterRef("pk"), kind=ConsentKind.MUNICIPAL_SHARING
        )
    )


def consenting_people(municipality, on: datetime.date | None = None):
    """The people of the municipality's schools who share their data with it, on ``on``."""
    if municipality is None:
        return Person.objects.none()
    on = on or timezone.localdate()
    return Person.objects.current(on).filter(school__municipality=municipality).filter(shares_with_municipality(on))

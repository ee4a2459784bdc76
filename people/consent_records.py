"""Recording paper consents several at a time: the kinds one signed form gives, or one kind for a
stack of forms scanned into one PDF. Each consent is recorded and audited as a single one is
(``services.consent_record``); all or nothing, and one stored scan is shared by the records.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from people import services
from people.models import Consent, Person
from people.storage import private_storage


@transaction.atomic
def record_consents(
    *,
    person: Person,
    kinds: list[str],
    given_on: datetime.date,
    scan: File,
    actor,
    valid_until: datetime.date | None = None,
    guardian_name: str = "",
) -> list[Consent]:
    """One consent per kind, all pointing at the one scan; a refused one records none of them."""
    consents = []
    for kind in kinds:
        consent = Consent(
            person=person, kind=kind, given_on=given_on, valid_until=valid_until, guardian_name=guardian_name
        )
        # The first record stores the file; the others name the same file rather than copy it.
        consent.scan = consents[0].scan.name if consents else scan
        services.consent_record(consent=consent, actor=actor)
        consents.append(consent)
    return consents


@dataclass
class BatchResult:
    created: list[Consent] = field(default_factory=list)
    skipped: dict[Person, list[str]] = field(default_factory=dict)  # person → kinds already in force


@transaction.atomic
def record_consents_for(
    *,
    school,
    people: list[Person],
    kinds: list[str],
    given_on: datetime.date,
    scan: File,
    actor,
    valid_until: datetime.date | None = None,
) -> BatchResult:
    """«Согласие получено» for each of ``people``: a consent of each kind not already in force on
    ``given_on``. The scan (the whole stack) is stored once and every new consent names it."""
    people = [person for person in people if person.school_id == school.pk]
    in_force = set(
        Consent.objects.for_school(school)
        .active(given_on)
        .filter(person__in=people, kind__in=kinds)
        .values_list("person_id", "kind")
    )
    result = BatchResult()
    wanted = []
    for person in people:
        skipped = [kind for kind in kinds if (person.pk, kind) in in_force]
        if skipped:
            result.skipped[person] = skipped
        wanted.extend((person, kind) for kind in kinds if kind not in skipped)
    if not wanted:
        return result
    scan.seek(0)
    stored = private_storage.save(f"consents/{school.pk}/batch/{timezone.now():%Y%m%d%H%M%S}.pdf", scan)
    for person, kind in wanted:
        consent = Consent(person=person, kind=kind, given_on=given_on, valid_until=valid_until, scan=stored)
        services.consent_record(consent=consent, actor=actor)
        result.created.append(consent)
    return result

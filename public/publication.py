"""What may appear on the school's public page: only people and programs whose participants
consented to publication; a withdrawn consent removes them at once (nothing is copied out)."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from documents.models import Document, DocumentStatus, DocumentType
from mentoring.models import Status as MentorshipStatus
from people.models import Consent, ConsentKind, Person
from programs.models import BestPractice, Program, ProgramStatus


def _consented(on: datetime.date):
    return Exists(Consent.objects.active(on).filter(person=OuterRef("pk"), kind=ConsentKind.PUBLICATION))


def consenting_people(school, on: datetime.date | None = None):
    on = on or timezone.localdate()
    return Person.objects.for_school(school).current(on).filter(_consented(on))


def published_people(school, on: datetime.date | None = None) -> dict:
    people = (
        consenting_people(school, on)
        .select_related("mentor_profile", "mentee_profile")
        .order_by("last_name", "first_name")
    )
    return {
        "mentors": [p for p in people if hasattr(p, "mentor_profile")],
        "mentees": [p for p in people if hasattr(p, "mentee_profile")],
    }


def _everyone_consented(program, consenting_ids: set) -> bool:
    return all(p.person_id in consenting_ids for p in program.mentorship.participants.all())


def running_programs(school, on: datetime.date | None = None) -> list[dict]:
    """Programs being carried out; participants named only when all of them consented."""
    on = on or timezone.localdate()
    consenting = set(consenting_people(school, on).values_list("pk", flat=True))
    programs = (
        Program.objects.filter(
            mentorship__school=school, status=ProgramStatus.APPROVED, mentorship__status=MentorshipStatus.ACTIVE
        )
        .select_related("mentorship__form")
        .prefetch_related("mentorship__participants__person")
        .order_by("start", "pk")
    )
    return [{"program": p, "named": _everyone_consented(p, consenting)} for p in programs]


def published_results(school, on: datetime.date | None = None) -> list:
    """Completed programs published with permission: a best practice whose participants all consented."""
    on = on or timezone.localdate()
    consenting = set(consenting_people(school, on).values_list("pk", flat=True))
    practices = (
        BestPractice.objects.filter(
            program__mentorship__school=school, permission_to_publish=True, program__status=ProgramStatus.COMPLETED
        )
        .select_related("program__mentorship__form")
        .prefetch_related("program__mentorship__participants__person")
        .order_by("-program__completed_on")
    )
    return [p for p in practices if _everyone_consented(p.program, consenting)]


def signed_regulation(school):
    """The latest signed order approving the Положение: the public section shows its number and date
    and serves its ``published_pdf`` (the Положение and the roadmap alone), never the order's PDF."""
    return (
        Document.objects.for_school(school)
        .filter(type=DocumentType.ORDER_REGULATION, status=DocumentStatus.SIGNED)
        .order_by("-date", "-sequence")
        .first()
    )

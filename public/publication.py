"""What the school's public outputs may show, in one place.

Every public output — the section's pages (plain and for the visually impaired), the RSS feed,
the widget, the mentoring part of the public report (PDF) and the municipality's list — draws
people, programs, results and news through ``publishable(school)`` and nothing else:

- a person is shown only with a publication consent active on the day (given, not withdrawn,
  not expired) and while still at the school;
- a running program is listed, but its participants are named only when every one of them consented;
- a result is a best practice of a completed program that its participants permitted to publish
  and every one of them consented to publication;
- news only when the curator marked it published.

Nothing is copied out: a consent withdrawn today removes the person and their results from every
output at once (the public pages and the report are cached under the school's version, which a
consent change bumps, and under the day, so a withdrawal dated ahead takes effect on its date).
Figures that are not personal data (how many programs run) may be shown whoever consented.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef

from accounts.models import School
from documents.models import Document, DocumentStatus, DocumentType
from mentoring.models import Status as MentorshipStatus
from monitoring.snapshot import local_today
from people.models import Consent, ConsentKind, Person
from programs.models import BestPractice, Program, ProgramStatus
from public.models import NewsItem, PublicFile, SectionText


def _consented(on: datetime.date):
    return Exists(Consent.objects.active(on).filter(person=OuterRef("pk"), kind=ConsentKind.PUBLICATION))


def _everyone_consented(program, consenting_ids) -> bool:
    return all(p.person_id in consenting_ids for p in program.mentorship.participants.all())


@dataclass
class Publishable:
    """One school's publishable data on one day; each part is read on first use, once."""

    school: School
    on: datetime.date

    def consenting_people(self):
        return Person.objects.for_school(self.school).current(self.on).filter(_consented(self.on))

    @cached_property
    def consenting_ids(self) -> frozenset[int]:
        return frozenset(self.consenting_people().values_list("pk", flat=True))

    @cached_property
    def people(self) -> dict:
        """{"mentors": [...], "mentees": [...]}: only people who consented."""
        found = (
            self.consenting_people()
            .select_related("mentor_profile", "mentee_profile")
            .order_by("last_name", "first_name")
        )
        return {
            "mentors": [p for p in found if hasattr(p, "mentor_profile")],
            "mentees": [p for p in found if hasattr(p, "mentee_profile")],
        }

    @cached_property
    def programs(self) -> list[dict]:
        """Programs being carried out: {"program": ..., "named": whether its participants may be named}."""
        found = (
            Program.objects.filter(
                mentorship__school=self.school,
                status=ProgramStatus.APPROVED,
                mentorship__status=MentorshipStatus.ACTIVE,
            )
            .select_related("mentorship__form")
            .prefetch_related("mentorship__participants__person")
            .order_by("start", "pk")
        )
        return [{"program": p, "named": _everyone_consented(p, self.consenting_ids)} for p in found]

    @property
    def running_count(self) -> int:
        return len(self.programs)

    @cached_property
    def results(self) -> list[BestPractice]:
        """Best practices of completed programs, published with permission and everyone's consent."""
        found = _permitted_practices().filter(program__mentorship__school=self.school)
        return [p for p in found if _everyone_consented(p.program, self.consenting_ids)]

    def results_completed(self, start: datetime.date, end: datetime.date) -> list[BestPractice]:
        """The results of programs completed between ``start`` and ``end`` (an academic year)."""
        return [p for p in self.results if p.program.completed_on and start <= p.program.completed_on <= end]

    @cached_property
    def contest_winners(self) -> list:
        """Winners of the school's closed mentor contests, newest first, only those who consented."""
        from recognition.models import ContestStatus, Nomination

        return list(
            Nomination.objects.filter(
                contest__school=self.school,
                contest__status=ContestStatus.CLOSED,
                is_winner=True,
                mentor_id__in=self.consenting_ids,
            )
            .select_related("contest", "mentor")
            .order_by("-contest__year", "-contest__pk", "place", "pk")
        )

    @cached_property
    def news(self):
        """Published news and announcements, newest first (a queryset: slice it)."""
        return NewsItem.objects.for_school(self.school).filter(is_published=True)

    @cached_property
    def regulation(self) -> Document | None:
        """The latest signed order approving the Положение: the public section shows its number
        and date and serves its ``published_pdf`` (the Положение and the roadmap alone), never
        the order's PDF."""
        return (
            Document.objects.for_school(self.school)
            .filter(type=DocumentType.ORDER_REGULATION, status=DocumentStatus.SIGNED)
            .order_by("-date", "-sequence")
            .first()
        )


def publishable(school: School, on: datetime.date | None = None) -> Publishable:
    """What the public outputs of ``school`` may show on ``on`` (the school's today by default)."""
    return Publishable(school=school, on=on or local_today(school))


def _permitted_practices():
    """Best practices of completed programs that their participants permitted to publish (the
    participants' consent is checked on top of this, per school)."""
    return (
        BestPractice.objects.filter(permission_to_publish=True, program__status=ProgramStatus.COMPLETED)
        .select_related("program__mentorship__form", "program__mentorship__school")
        .prefetch_related("program__mentorship__participants__person")
        .order_by("-program__completed_on", "pk")
    )


def published_results(schools) -> dict[int, list[BestPractice]]:
    """``publishable(school).results`` of many schools at once, {school id: practices}, in a fixed
    number of queries (the municipality's bank, report and public page): the same rule, each
    school's consents read as of that school's today, a participant counting as consenting only
    with the consent of that school's bank, exactly as the school's own section reads it."""
    schools = list(schools)
    by_day: dict[datetime.date, list[int]] = {}
    for school in schools:
        by_day.setdefault(local_today(school), []).append(school.pk)
    consenting: dict[int, set[int]] = {school.pk: set() for school in schools}
    for on, ids in by_day.items():
        rows = Person.objects.filter(school_id__in=ids).current(on).filter(_consented(on))
        for school_id, person_id in rows.values_list("school_id", "pk"):
            consenting[school_id].add(person_id)
    found = {school.pk: [] for school in schools}
    for practice in _permitted_practices().filter(program__mentorship__school_id__in=list(found)):
        school_id = practice.program.mentorship.school_id
        if _everyone_consented(practice.program, consenting[school_id]):
            found[school_id].append(practice)
    return found


def municipality_schools(municipality):
    """The schools the municipality's public list links to: their names only, no people or results."""
    return School.objects.filter(municipality=municipality).order_by("short_name", "full_name")


def has_section(school_ref="pk"):
    """The school has a «Наставничество» section worth a link: the curator wrote its text, or it
    publishes news or documents, or a signed order approved its Положение (an expression for
    School querysets)."""
    ref = OuterRef(school_ref)
    return (
        Exists(SectionText.objects.filter(school=ref).exclude(intro=""))
        | Exists(NewsItem.objects.filter(school=ref, is_published=True))
        | Exists(PublicFile.objects.filter(school=ref))
        | Exists(Document.objects.filter(school=ref, type=DocumentType.ORDER_REGULATION, status=DocumentStatus.SIGNED))
    )

"""Sessions go into an approved program only, and a program of an ended pair is neither agreed
nor approved — whatever road the request takes (form, POST or a script)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring import lifecycle
from mentoring.models import TerminationReason
from people.models import MentorProfile, Person
from programs import rules
from programs.models import LogEntry, PlanItem, ProgramStatus
from tests.mentoring.helpers import with_consents
from tests.programs.helpers import END, START, running_mentorship


def draft_program(cast, mentorship=None):
    program = rules.program_create(
        mentorship=mentorship or running_mentorship(cast),
        by=cast.curator,
        title="Адаптация молодого педагога",
        goal="Освоить планирование",
        start=START,
        end=END,
    )
    PlanItem.objects.create(program=program, title="Консультация", planned_on=datetime.date(2026, 9, 10))
    return program


@pytest.mark.parametrize("stage", ["draft", "agreed"])
def test_no_session_is_recorded_before_approval(cast, stage):
    program = draft_program(cast)
    if stage == "agreed":
        rules.program_agree(program=program, by=cast.mentee)
    entry = LogEntry(program=program, occurred_on=datetime.date(2026, 9, 10), duration_minutes=45, what_done="Встреча")

    with pytest.raises(ValidationError, match="после утверждения программы"):
        rules.log_entry_add(entry=entry, by=cast.mentor)

    assert not LogEntry.objects.filter(program=program).exists()


def test_a_posted_session_on_a_draft_program_is_refused_and_on_an_approved_one_recorded(cast, client_as):
    mentor_person = Person.objects.get(user=cast.mentor)
    MentorProfile.objects.create(person=mentor_person)
    with_consents(mentor_person, "personal_data", "mentor")
    program = draft_program(cast, running_mentorship(cast, mentor_person=mentor_person))
    client = client_as(cast.mentor)
    session = {"occurred_on": "10.09.2026", "duration_minutes": 45, "what_done": "Встреча", "format": "in_person"}

    refused = client.post(reverse("programs:log_add", args=[program.pk]), session)

    assert refused.status_code == 200
    assert not LogEntry.objects.filter(program=program).exists()

    rules.program_agree(program=program, by=cast.mentee)
    rules.program_approve(program=program, by=cast.curator)
    recorded = client.post(reverse("programs:log_add", args=[program.pk]), session)

    assert recorded.status_code == 302
    assert LogEntry.objects.filter(program=program, what_done="Встреча").count() == 1


def test_a_program_of_a_terminated_pair_is_neither_agreed_nor_approved(cast):
    program = draft_program(cast)
    lifecycle.mentorship_terminate(
        mentorship=program.mentorship, by=cast.curator, reason=TerminationReason.MUTUAL, on=datetime.date(2026, 12, 1)
    )
    program.refresh_from_db()

    with pytest.raises(ValidationError):
        rules.program_agree(program=program, by=cast.mentee)
    program.status = ProgramStatus.AGREED
    with pytest.raises(ValidationError):
        rules.program_approve(program=program, by=cast.curator)

    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT
    assert not program.versions.exists()

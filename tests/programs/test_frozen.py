"""Frozen when done: a completed program, or one whose mentorship has ended, takes no change.

Also: the mentor's reading of reflections (``LogEntry.reflection_read_at``) and the
announcement of a correction waiting for the other side's agreement.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from mentoring import lifecycle
from mentoring.models import Mentorship, TerminationReason
from mentoring.models import Status as MentorshipStatus
from notifications import events
from people.models import MenteeProfile, MentorProfile, Person
from programs import rules
from programs.models import (
    CompletionReason,
    LogEntry,
    PlanItem,
    PlanItemStatus,
    Program,
    ProgramStatus,
    ProgramVersion,
    Stage,
)
from tests.mentoring.helpers import with_consents
from tests.programs.helpers import approved_program, running_mentorship

READ_AT = datetime.datetime(2026, 10, 1, 12, 0, tzinfo=datetime.UTC)
ENDED_ON = datetime.date(2026, 12, 1)


def own_program(cast):
    """An approved program in which the cast's mentor and mentee take part."""
    mentor_person = Person.objects.get(user=cast.mentor)
    mentee_person = Person.objects.get(user=cast.mentee)
    MentorProfile.objects.create(person=mentor_person)
    MenteeProfile.objects.create(person=mentee_person)
    with_consents(mentor_person, "personal_data", "mentor")
    with_consents(mentee_person, "personal_data", "mentee")
    mentorship = running_mentorship(cast, mentor_person=mentor_person, mentee_person=mentee_person)
    return approved_program(
        cast,
        mentorship,
        items=(
            ("Консультация по планированию", datetime.date(2026, 9, 10)),
            ("Открытый урок", datetime.date(2026, 10, 15)),
        ),
    )


def freeze(cast, program, how: str) -> Program:
    """``completed``: the program is completed; ``terminated``: the pair is, the program stays approved."""
    if how == "completed":
        PlanItem.objects.filter(program=program).update(status=PlanItemStatus.DONE, done_on=datetime.date(2026, 10, 20))
        rules.program_complete(
            program=program, by=cast.mentor, reason=CompletionReason.PLAN_DONE, on=ENDED_ON, results="Готово"
        )
    else:
        lifecycle.mentorship_terminate(
            mentorship=program.mentorship, by=cast.curator, reason=TerminationReason.MUTUAL, on=ENDED_ON
        )
    return Program.objects.select_related("mentorship").get(pk=program.pk)


@pytest.fixture(params=["completed", "terminated"])
def frozen(request, cast):
    program = own_program(cast)
    logged, _free = program.items.order_by("planned_on")
    logged.evidence_file.save("akt.pdf", ContentFile(b"%PDF-1.4 evidence"))
    LogEntry.objects.create(
        program=program,
        plan_item=logged,
        occurred_on=datetime.date(2026, 9, 10),
        what_done="Разобрали технологическую карту",
        author=cast.mentor,
        reflection="Стало понятнее",
        reflection_at=READ_AT,
        reflection_read_at=READ_AT,
    )
    # A change waiting for agreement when the program froze.
    rules.program_update(program=program, by=cast.mentor, title="Адаптация и планирование")
    program = freeze(cast, program, request.param)
    if request.param == "completed":
        assert program.status == ProgramStatus.COMPLETED
    else:
        assert (program.status, program.mentorship.status) == (ProgramStatus.APPROVED, MentorshipStatus.TERMINATED)
    assert program.is_frozen
    return program


def refusal(program) -> str:
    """The sentence the user sees (Russian once the translations are merged)."""
    with translation.override("ru"):
        if program.status == ProgramStatus.COMPLETED:
            return translation.gettext("This program is completed: it can no longer be changed.")
        return translation.gettext("The mentorship was terminated early: its program can no longer be changed.")


def state(program) -> dict:
    """Everything a write could touch, and the files on disk."""
    media = Path(settings.MEDIA_ROOT)
    return {
        "program": Program.objects.filter(pk=program.pk).values().get(),
        "deficits": list(program.deficits.values_list("pk", flat=True)),
        "stages": list(Stage.objects.filter(program=program).order_by("pk").values()),
        "items": list(PlanItem.objects.filter(program=program).order_by("pk").values()),
        "log": list(LogEntry.objects.filter(program=program).order_by("pk").values()),
        "versions": list(ProgramVersion.objects.filter(program=program).order_by("pk").values()),
        "mentorship": Mentorship.objects.filter(pk=program.mentorship_id).values().get(),
        "files": sorted(str(p) for p in media.rglob("*") if p.is_file()) if media.exists() else [],
    }


def upload(name="new.pdf"):
    file = io.BytesIO(b"%PDF-1.4 replaced")
    file.name = name
    return file


def writes(cast, program):
    """(who, url, data) of every write the program's views offer."""
    logged, free = program.items.order_by("planned_on")
    entry = LogEntry.objects.get(program=program)
    program_data = {
        "title": "Другое название",
        "goal": "Другая цель",
        "start": "01.09.2026",
        "end": "31.05.2027",
    }
    item_data = {"title": "Новое событие", "kind": "consultation", "planned_on": "01.03.2027"}
    url = lambda name, pk: reverse(f"programs:{name}", kwargs={"pk": pk})  # noqa: E731
    paths = []
    for who in (cast.mentor, cast.curator):
        paths += [
            (who, url("edit", program.pk), program_data),
            (who, url("item_add", program.pk), item_data),
            (who, url("item_edit", free.pk), {**item_data, "title": "Изменённое событие"}),
            (who, url("item_delete", free.pk), {}),
            (who, url("correction", program.pk), {"reason": "Сдвиг сроков"}),
        ]
    paths += [
        (cast.mentor, url("item_progress", logged.pk), {"status": "cancelled", "evidence_file": upload()}),
        (cast.mentor, url("item_progress", free.pk), {"status": "moved", "evidence_notes": "Перенесли"}),
        (
            cast.mentor,
            url("item_progress", free.pk),
            {"status": "done", "evidence_link": "https://example.org/", "evidence_file": upload()},
        ),
        (
            cast.mentor,
            url("log_add", program.pk),
            {
                "occurred_on": "20.11.2026",
                "duration_minutes": "45",
                "format": "in_person",
                "plan_item": free.pk,
                "what_done": "Ещё одна встреча",
                "mark_done": "on",
            },
        ),
        (cast.curator, url("approve", program.pk), {}),
        (cast.mentee, url("reflect", entry.pk), {"reflection": "Другая рефлексия"}),
        (cast.mentee, url("correction", program.pk), {}),
        (cast.mentee, url("agree", program.pk), {}),
    ]
    return paths


@pytest.mark.django_db
def test_every_write_to_a_frozen_program_is_refused_and_changes_nothing(frozen, cast, client_as):
    before = state(frozen)
    assert sum("evidence" in f for f in before["files"]) == 1
    for who, url, data in writes(cast, frozen):
        response = client_as(who).post(url, data, follow=True)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert refusal(frozen) in page, (who, url)
        assert state(frozen) == before, (who, url)


@pytest.mark.django_db
def test_the_forms_of_a_frozen_program_are_not_shown(frozen, cast, client_as):
    logged, free = frozen.items.order_by("planned_on")
    entry = LogEntry.objects.get(program=frozen)
    forms = [
        (cast.mentor, reverse("programs:edit", kwargs={"pk": frozen.pk})),
        (cast.mentor, reverse("programs:item_add", kwargs={"pk": frozen.pk})),
        (cast.curator, reverse("programs:item_edit", kwargs={"pk": free.pk})),
        (cast.mentor, reverse("programs:item_progress", kwargs={"pk": logged.pk})),
        (cast.mentor, reverse("programs:log_add", kwargs={"pk": frozen.pk})),
        (cast.mentee, reverse("programs:reflect", kwargs={"pk": entry.pk})),
    ]
    for who, url in forms:
        response = client_as(who).get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("programs:detail", kwargs={"pk": frozen.pk})


@pytest.mark.django_db
def test_a_frozen_program_page_shows_a_notice_instead_of_the_buttons(frozen, cast, client_as):
    logged, free = frozen.items.order_by("planned_on")
    entry = LogEntry.objects.get(program=frozen)
    hidden = [
        reverse("programs:edit", kwargs={"pk": frozen.pk}),
        reverse("programs:item_add", kwargs={"pk": frozen.pk}),
        reverse("programs:log_add", kwargs={"pk": frozen.pk}),
        reverse("programs:correction", kwargs={"pk": frozen.pk}),
        reverse("programs:agree", kwargs={"pk": frozen.pk}),
        reverse("programs:approve", kwargs={"pk": frozen.pk}),
        reverse("programs:reflect", kwargs={"pk": entry.pk}),
        *(
            reverse(f"programs:{name}", kwargs={"pk": i.pk})
            for i in (logged, free)
            for name in ("item_edit", "item_progress")
        ),
    ]
    with translation.override("ru"):
        if frozen.status == ProgramStatus.COMPLETED:
            notice = translation.gettext("The program was completed on %(date)s: no more changes are made to it.")
        else:
            notice = translation.gettext(
                "The mentorship was terminated early on %(date)s: no more changes are made to the program."
            )
    for who in (cast.mentor, cast.curator, cast.mentee):
        page = client_as(who).get(reverse("programs:detail", kwargs={"pk": frozen.pk})).content.decode()
        assert 'data-testid="frozen-notice"' in page
        assert notice % {"date": "01.12.2026"} in page
        for url in hidden:
            assert f'"{url}"' not in page, (who, url)
        # The evidence stays readable.
        assert reverse("programs:item_evidence", kwargs={"pk": logged.pk}) in page


@pytest.mark.django_db
def test_an_open_program_page_has_its_buttons_and_no_notice(cast, client_as):
    program = own_program(cast)
    page = client_as(cast.mentor).get(reverse("programs:detail", kwargs={"pk": program.pk})).content.decode()
    assert 'data-testid="frozen-notice"' not in page
    assert reverse("programs:log_add", kwargs={"pk": program.pk}) in page
    assert reverse("programs:edit", kwargs={"pk": program.pk}) in page


@pytest.mark.django_db
def test_the_rules_refuse_every_change_to_a_frozen_program(frozen, cast):
    before = state(frozen)
    _logged, free = frozen.items.order_by("planned_on")
    entry = LogEntry.objects.get(program=frozen)
    free.status = PlanItemStatus.CANCELLED
    attempts = [
        lambda: rules.program_update(program=frozen, by=cast.mentor, title="Иначе"),
        lambda: rules.plan_item_save(
            item=PlanItem(program=frozen, title="Ещё", planned_on=frozen.start), by=cast.mentor
        ),
        lambda: rules.plan_item_delete(item=free, by=cast.curator),
        lambda: rules.plan_item_progress(item=free, by=cast.mentor),
        lambda: rules.log_entry_add(
            entry=LogEntry(program=frozen, occurred_on=frozen.start, what_done="Встреча"), by=cast.mentor
        ),
        lambda: rules.reflection_save(entry=entry, by=cast.mentee, text="Иначе"),
        lambda: rules.correction_agree(program=frozen, by=cast.mentor, as_mentor=True),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.messages == [refusal(frozen)]
    assert state(frozen) == before


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["completed", "not_formed"])
def test_a_program_of_an_ended_mentorship_is_frozen_whatever_the_ending(cast, status):
    program = approved_program(cast)
    assert not program.is_frozen
    Mentorship.objects.filter(pk=program.mentorship_id).update(status=status)
    program = Program.objects.select_related("mentorship").get(pk=program.pk)
    assert program.status == ProgramStatus.APPROVED
    assert program.is_frozen
    with pytest.raises(ValidationError):
        rules.program_update(program=program, by=cast.curator, title="Иначе")
    assert rules.frozen_notice(program)


@pytest.mark.django_db
def test_the_mentee_still_writes_the_self_assessment_of_a_completed_program(cast, client_as):
    program = own_program(cast)
    program = freeze(cast, program, "completed")
    client_as(cast.mentee).post(reverse("programs:self_assessment", kwargs={"pk": program.pk}), {"text": "Выросла"})
    program.refresh_from_db()
    assert program.mentee_self_assessment == "Выросла"


@pytest.mark.django_db
def test_nothing_is_copied_into_an_ended_mentorship(cast, client_as):
    source = freeze(cast, own_program(cast), "completed")
    target = running_mentorship(cast)
    lifecycle.mentorship_terminate(mentorship=target, by=cast.curator, reason=TerminationReason.MUTUAL, on=ENDED_ON)
    programs = Program.objects.count()
    response = client_as(cast.curator).post(
        reverse("programs:copy", kwargs={"pk": source.pk}), {"mentorship": target.pk}, follow=True
    )
    assert response.status_code == 200
    with translation.override("ru"):
        assert (
            translation.gettext("The mentorship has ended; its program cannot be started.") in response.content.decode()
        )
    assert Program.objects.count() == programs


# --- the mentor reads the reflections ---------------------------------------------------


@pytest.mark.django_db
def test_the_mentor_opening_the_program_reads_its_reflections(cast, client_as):
    program = own_program(cast)
    item = program.items.first()
    unread = LogEntry.objects.create(
        program=program, plan_item=item, occurred_on=program.start, what_done="1", reflection="Полезно"
    )
    silent = LogEntry.objects.create(program=program, occurred_on=program.start, what_done="2")
    earlier = LogEntry.objects.create(
        program=program, occurred_on=program.start, what_done="3", reflection="Ясно", reflection_read_at=READ_AT
    )
    detail = reverse("programs:detail", kwargs={"pk": program.pk})
    for who in (cast.mentee, cast.curator):
        client_as(who).get(detail)
        unread.refresh_from_db()
        assert unread.reflection_read_at is None

    client_as(cast.mentor).get(detail)
    for entry in (unread, silent, earlier):
        entry.refresh_from_db()
    assert unread.reflection_read_at is not None
    assert silent.reflection_read_at is None
    assert earlier.reflection_read_at == READ_AT

    # A changed reflection is for the mentor to read again.
    client_as(cast.mentee).post(reverse("programs:reflect", kwargs={"pk": unread.pk}), {"reflection": "Ещё полезнее"})
    unread.refresh_from_db()
    assert (unread.reflection, unread.reflection_read_at) == ("Ещё полезнее", None)


# --- the other side is told of a correction ----------------------------------------------


@pytest.fixture
def announced(monkeypatch):
    calls = []
    # Only a program's own announcements: forming its pair announces the proposal too.
    monkeypatch.setattr(
        events,
        "announce",
        lambda event, **ids: calls.append((event, ids)) if event == "program_change_proposed" else None,
    )
    return calls


def proposed(program, by):
    return ("program_change_proposed", {"program_id": program.pk, "by_id": by.pk})


@pytest.mark.django_db
def test_a_correction_is_announced_once_when_it_begins_and_when_the_first_side_agrees(cast, announced):
    program = approved_program(cast)
    rules.program_update(program=program, by=cast.mentor, strengths_supported="Не входит в версию")
    assert announced == []  # not a change of the agreed content

    rules.program_update(program=program, by=cast.mentor, title="Новое название")
    assert announced == [proposed(program, cast.mentor)]
    rules.plan_item_save(item=PlanItem(program=program, title="Ещё", planned_on=program.start), by=cast.curator)
    rules.program_update(program=program, by=cast.mentor, goal="Новая цель")
    assert len(announced) == 1  # the same correction, still pending

    rules.correction_agree(program=program, by=cast.mentor, as_mentor=True, reason="Уточнили")
    assert announced[1:] == [proposed(program, cast.mentor)]
    rules.correction_agree(program=program, by=cast.mentor, as_mentor=True)
    assert len(announced) == 2  # the same side again
    version = rules.correction_agree(program=program, by=cast.mentee, as_mentor=False)
    assert version.number == 2
    assert len(announced) == 2  # agreed by both: nothing waits

    item = program.items.order_by("pk").last()
    rules.plan_item_delete(item=item, by=cast.curator)
    assert announced[2:] == [proposed(program, cast.curator)]


@pytest.mark.django_db
def test_a_change_after_an_agreement_is_recorded_is_not_announced_again(cast, announced):
    program = approved_program(cast)
    rules.program_update(program=program, by=cast.mentor, title="Новое название")
    rules.correction_agree(program=program, by=cast.mentee, as_mentor=False)
    assert len(announced) == 2
    rules.program_update(program=program, by=cast.mentor, title="Совсем новое название")
    assert len(announced) == 2


@pytest.mark.django_db
def test_changes_to_a_draft_are_not_announced(cast, announced):
    mentorship = running_mentorship(cast)
    program = rules.program_create(
        mentorship=mentorship,
        by=cast.curator,
        title="П",
        goal="Ц",
        start=datetime.date(2026, 9, 1),
        end=datetime.date(2027, 5, 31),
    )
    rules.program_update(program=program, by=cast.curator, title="Другое")
    rules.plan_item_save(item=PlanItem(program=program, title="Ещё", planned_on=program.start), by=cast.curator)
    assert announced == []


@pytest.mark.django_db(transaction=True)
def test_the_announcement_is_made_inside_the_transaction(cast, monkeypatch):
    seen = []
    monkeypatch.setattr(
        events,
        "announce",
        lambda event, **ids: (
            seen.append(transaction.get_connection().in_atomic_block) if event == "program_change_proposed" else None
        ),
    )
    program = approved_program(cast)
    rules.program_update(program=program, by=cast.mentor, title="Новое название")
    rules.correction_agree(program=program, by=cast.mentor, as_mentor=True)
    assert seen == [True, True]
    assert not transaction.get_connection().in_atomic_block

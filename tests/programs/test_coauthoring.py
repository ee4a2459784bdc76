"""The mentee writes the draft program together with the mentor (issue 17, seed 000 §2.8).

While the program is a draft the mentee edits its fields and its plan like the mentor; every
change is attributed in the program's history. Once the mentee agrees, only the mentor (or the
curator) changes it, and after approval changes go through versions as before.
"""

import re

import pytest
from django.urls import reverse

from people.models import MenteeProfile, MentorProfile, Person
from programs import rules
from programs.models import ChangeKind, PlanItem, ProgramChange, ProgramStatus
from tests.mentoring.helpers import with_consents
from tests.programs.helpers import END, START, running_mentorship


def own_draft(cast, *, items=("Консультация по планированию",)):
    """A draft program of the pair of the cast's mentor and mentee, drafted by the mentor."""
    mentor_person = Person.objects.get(user=cast.mentor)
    mentee_person = Person.objects.get(user=cast.mentee)
    MentorProfile.objects.get_or_create(person=mentor_person)
    MenteeProfile.objects.get_or_create(person=mentee_person)
    with_consents(mentor_person, "personal_data", "mentor")
    with_consents(mentee_person, "personal_data", "mentee")
    mentorship = running_mentorship(cast, mentor_person=mentor_person, mentee_person=mentee_person)
    program = rules.program_create(
        mentorship=mentorship, by=cast.mentor, title="Адаптация", goal="Освоить планирование", start=START, end=END
    )
    for title in items:
        PlanItem.objects.create(program=program, title=title, planned_on=START.replace(day=10))
    return program


def program_data(program, **changes):
    data = {
        "title": program.title,
        "goal": program.goal,
        "tasks": program.tasks,
        "expected_results": program.expected_results,
        "directions": program.directions,
        "strengths_supported": program.strengths_supported,
        "start": program.start.strftime("%d.%m.%Y"),
        "end": program.end.strftime("%d.%m.%Y"),
    }
    return {**data, **changes}


ITEM = {"title": "Взаимопосещение уроков", "kind": "visit_mentor", "planned_on": "15.10.2026"}


@pytest.mark.django_db
def test_the_mentee_edits_the_draft_and_the_history_names_her(cast, client_as):
    program = own_draft(cast)
    as_mentee = client_as(cast.mentee)

    response = as_mentee.post(
        reverse("programs:edit", kwargs={"pk": program.pk}), program_data(program, goal="Освоить ФГОС")
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.goal == "Освоить ФГОС"
    assert program.status == ProgramStatus.DRAFT

    response = as_mentee.post(reverse("programs:item_add", kwargs={"pk": program.pk}), ITEM)
    assert response.status_code == 302
    added = program.items.get(title="Взаимопосещение уроков")

    changes = list(ProgramChange.objects.filter(program=program).order_by("pk"))
    assert [(c.kind, c.actor) for c in changes] == [
        (ChangeKind.PROGRAM, cast.mentee),
        (ChangeKind.ITEM_ADDED, cast.mentee),
    ]
    assert changes[0].changes == {"goal": ["Освоить планирование", "Освоить ФГОС"]}
    assert changes[1].subject == added.title

    page = as_mentee.get(reverse("programs:detail", kwargs={"pk": program.pk})).content.decode()
    # Both lines of the history on the program's page are hers.
    assert re.findall(r'data-testid="history-actor">([^<]*)<', page) == [cast.mentee.get_full_name()] * 2
    assert "Освоить ФГОС" in page


@pytest.mark.django_db
def test_the_mentor_and_the_mentee_changes_are_told_apart(cast, client_as):
    program = own_draft(cast)
    item = program.items.get()
    client_as(cast.mentee).post(
        reverse("programs:item_edit", kwargs={"pk": item.pk}),
        {"title": item.title, "kind": "consultation", "planned_on": "12.09.2026", "responsible": "Васильева Е. И."},
    )
    client_as(cast.mentor).post(
        reverse("programs:item_edit", kwargs={"pk": item.pk}),
        {"title": "Консультация по рабочей программе", "kind": "consultation", "planned_on": "12.09.2026"},
    )
    client_as(cast.mentee).post(reverse("programs:item_delete", kwargs={"pk": item.pk}))

    assert not PlanItem.objects.filter(pk=item.pk).exists()
    history = rules.history(program)
    assert [(line.change.kind, line.change.actor) for line in history] == [
        (ChangeKind.ITEM_REMOVED, cast.mentee),
        (ChangeKind.ITEM_CHANGED, cast.mentor),
        (ChangeKind.ITEM_CHANGED, cast.mentee),
    ]
    assert history[2].change.changes == {
        "planned_on": ["2026-09-10", "2026-09-12"],
        "responsible": ["", "Васильева Е. И."],
    }
    # Shown in words: the date as the portal writes dates, an empty value as a dash.
    assert ("—", "Васильева Е. И.") in [(old, new) for _label, old, new in history[2].fields]
    assert ("10.09.2026", "12.09.2026") in [(old, new) for _label, old, new in history[2].fields]
    assert history[1].change.changes["responsible"] == ["Васильева Е. И.", ""]


@pytest.mark.django_db
def test_a_save_that_changes_nothing_is_not_history(cast):
    program = own_draft(cast)
    rules.program_update(program=program, by=cast.mentee, goal=program.goal)
    rules.plan_item_save(item=program.items.get(), by=cast.mentee)
    assert not ProgramChange.objects.filter(program=program).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [ProgramStatus.AGREED, ProgramStatus.APPROVED])
def test_once_agreed_the_mentee_no_longer_edits_but_the_mentor_does(cast, client_as, status):
    program = own_draft(cast)
    rules.program_agree(program=program, by=cast.mentee)
    if status == ProgramStatus.APPROVED:
        rules.program_approve(program=program, by=cast.curator)
    item = program.items.get()
    as_mentee = client_as(cast.mentee)
    assert as_mentee.get(reverse("programs:edit", kwargs={"pk": program.pk})).status_code == 403
    assert as_mentee.post(reverse("programs:item_add", kwargs={"pk": program.pk}), ITEM).status_code == 403
    assert as_mentee.get(reverse("programs:item_edit", kwargs={"pk": item.pk})).status_code == 403
    assert as_mentee.post(reverse("programs:item_delete", kwargs={"pk": item.pk})).status_code == 403
    assert program.items.count() == 1
    page = as_mentee.get(reverse("programs:detail", kwargs={"pk": program.pk})).content.decode()
    assert reverse("programs:edit", kwargs={"pk": program.pk}) not in page

    response = client_as(cast.mentor).post(reverse("programs:item_add", kwargs={"pk": program.pk}), ITEM)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.items.count() == 2
    if status == ProgramStatus.AGREED:
        # The mentor's change after the agreement needs the mentee's agreement again, as before.
        assert (program.status, program.agreed_by) == (ProgramStatus.DRAFT, None)
    else:
        assert program.status == ProgramStatus.APPROVED
        assert rules.has_pending_changes(program)  # a correction, agreed by both sides into a version
    assert ProgramChange.objects.filter(program=program, actor=cast.mentor, kind=ChangeKind.ITEM_ADDED).exists()


@pytest.mark.django_db
def test_after_writing_it_together_the_mentee_agrees(cast, client_as):
    program = own_draft(cast)
    as_mentee = client_as(cast.mentee)
    as_mentee.post(reverse("programs:item_add", kwargs={"pk": program.pk}), ITEM)
    assert as_mentee.post(reverse("programs:agree", kwargs={"pk": program.pk})).status_code == 302
    program.refresh_from_db()
    assert (program.status, program.agreed_by) == (ProgramStatus.AGREED, cast.mentee)


@pytest.mark.django_db
def test_another_pairs_mentee_does_not_edit_the_draft(cast, client_as):
    program = own_draft(cast)
    assert client_as(cast.pupil).get(reverse("programs:edit", kwargs={"pk": program.pk})).status_code == 403
    assert client_as(cast.council_member).get(reverse("programs:edit", kwargs={"pk": program.pk})).status_code == 403

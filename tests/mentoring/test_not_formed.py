"""One rule: a pair dropped before an order fixed it is «не сформирована»; «прекращена» only follows an order.

Also a draft made by mistake (issue 15): deleted only when nothing but its creation refers to it.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_fsm import TransitionNotAllowed

from audit.models import AuditEvent
from mentoring import lifecycle, replacement
from mentoring.models import (
    LOADING,
    OPEN,
    RUNNING,
    Mentorship,
    Participant,
    Replacement,
    Status,
    StatusChange,
    TerminationReason,
)
from mentoring.selectors import board
from people.models import Consent, ConsentKind
from programs import rules as program_rules
from tests.mentoring.helpers import END, START, mentee, mentor
from tests.mentoring.test_lifecycle import ORDER_DAY, active, approved, draft, proposed

DROP_DAY = datetime.date(2026, 8, 20)

pytestmark = pytest.mark.django_db


def status_of(mentorship) -> str:
    return Mentorship.objects.get(pk=mentorship.pk).status


# --- the rule -----------------------------------------------------------------------


def test_not_formed_is_none_of_the_statuses_a_pair_exists_or_weighs_in():
    assert Status.NOT_FORMED not in RUNNING
    assert Status.NOT_FORMED not in LOADING
    assert Status.NOT_FORMED not in OPEN


@pytest.mark.parametrize("make", [draft, proposed], ids=["draft", "proposed"])
def test_a_dropped_draft_or_proposed_pair_is_not_formed_with_its_reason_and_history(cast, make):
    mentorship = make(cast)
    before = mentorship.status

    lifecycle.mentorship_drop(mentorship=mentorship, by=cast.curator, note="Передумали", on=DROP_DAY)

    mentorship.refresh_from_db()
    assert mentorship.status == Status.NOT_FORMED
    assert mentorship.termination_reason == TerminationReason.NOT_FORMED
    assert mentorship.termination_note == "Передумали"
    assert mentorship.actual_end == DROP_DAY
    last = mentorship.status_changes.last()
    assert (last.from_status, last.to_status, last.by, last.note) == (
        before,
        Status.NOT_FORMED,
        cast.curator,
        "Передумали",
    )


def test_a_dropped_pair_may_give_another_reason(cast):
    mentorship = proposed(cast)
    lifecycle.mentorship_drop(mentorship=mentorship, by=cast.curator, reason=TerminationReason.MENTEE_INITIATIVE)
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.termination_reason) == (
        Status.NOT_FORMED,
        TerminationReason.MENTEE_INITIATIVE,
    )


@pytest.mark.parametrize("make", [approved, active], ids=["approved", "active"])
def test_a_pair_an_order_fixed_is_terminated_not_dropped(cast, make):
    mentorship = make(cast)
    before = status_of(mentorship)
    with pytest.raises(ValidationError):
        lifecycle.mentorship_drop(mentorship=mentorship, by=cast.curator)
    assert status_of(mentorship) == before

    lifecycle.mentorship_terminate(
        mentorship=mentorship, by=cast.curator, reason=TerminationReason.MUTUAL, on=datetime.date(2026, 12, 1)
    )

    mentorship.refresh_from_db()
    assert mentorship.status == Status.TERMINATED
    assert mentorship.order_number, "a terminated pair always has its order"


@pytest.mark.parametrize("make", [draft, proposed], ids=["draft", "proposed"])
def test_terminating_a_pair_no_order_fixed_is_refused_and_changes_nothing(cast, make):
    mentorship = make(cast)
    before = status_of(mentorship)
    changes = StatusChange.objects.count()

    with pytest.raises(ValidationError):
        lifecycle.mentorship_terminate(mentorship=mentorship, by=cast.curator, reason=TerminationReason.MUTUAL)

    assert status_of(mentorship) == before
    assert StatusChange.objects.count() == changes


def test_not_formed_is_no_reason_to_terminate_a_pair_an_order_fixed(cast):
    mentorship = active(cast)
    with pytest.raises(ValidationError):
        lifecycle.mentorship_terminate(mentorship=mentorship, by=cast.curator, reason=TerminationReason.NOT_FORMED)
    assert status_of(mentorship) == Status.ACTIVE


def test_an_ended_pair_is_neither_dropped_nor_terminated_again(cast):
    mentorship = draft(cast)
    lifecycle.mentorship_drop(mentorship=mentorship, by=cast.curator)
    with pytest.raises(ValidationError):
        lifecycle.mentorship_drop(mentorship=mentorship, by=cast.curator)
    with pytest.raises(ValidationError):
        lifecycle.mentorship_terminate(mentorship=mentorship, by=cast.curator, reason=TerminationReason.MUTUAL)
    with pytest.raises(ValidationError):
        lifecycle.mentorship_update(mentorship=mentorship, by=cast.curator, direction="Другое")
    assert status_of(mentorship) == Status.NOT_FORMED


def test_the_status_graph_itself_keeps_the_rule(cast):
    forming = draft(cast)
    with pytest.raises(TransitionNotAllowed):
        forming.terminate()
    running = active(cast)
    with pytest.raises(TransitionNotAllowed):
        running.drop()


# --- a pair not formed weighs nowhere ------------------------------------------------


def test_a_pair_not_formed_weighs_in_no_load_no_running_list_and_no_withdrawal_flag(cast):
    busy = mentor(cast.school, max_mentees=3)
    young = mentee(cast.school)
    mentorship = proposed(cast, mentors=[busy], mentees=[young])
    assert lifecycle.mentor_load(busy) == 1

    lifecycle.mentorship_drop(mentorship=mentorship, by=cast.curator)

    assert lifecycle.mentor_load(busy) == 0
    assert young.pk not in lifecycle.people_with_running_mentorship(cast.school, START)
    assert not Mentorship.objects.running_during(START, END).filter(pk=mentorship.pk).exists()
    assert not Mentorship.objects.open().filter(pk=mentorship.pk).exists()
    consent = Consent.objects.get(person=young, kind=ConsentKind.MENTEE_PARTICIPATION)
    assert lifecycle.flag_withdrawn_consent(consent=consent, on=START) == 0


def test_a_pair_not_formed_gets_no_program_and_no_replacement(cast):
    mentorship = proposed(cast)
    pending = replacement.replacement_request(
        mentorship=mentorship,
        outgoing=mentorship.mentors[0],
        incoming=mentor(cast.school),
        reason="illness",
        effective_on=START + datetime.timedelta(days=30),
        by=cast.curator,
    )
    lifecycle.mentorship_drop(mentorship=mentorship, by=cast.curator)
    mentorship.refresh_from_db()

    with pytest.raises(ValidationError):
        program_rules.program_create(mentorship=mentorship, by=cast.curator, title="П", goal="Ц", start=START, end=END)
    with pytest.raises(ValidationError):
        replacement.replacement_apply(replacement=pending, order_number="5", order_date=START, by=cast.director)
    assert Replacement.objects.get(pk=pending.pk).state == Replacement.State.AWAITING_ORDER
    assert Participant.objects.filter(mentorship=mentorship, role="mentor").count() == 1


# --- the board and the pages ----------------------------------------------------------


def _section(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</table>", start)]


def test_the_board_shows_pairs_not_formed_apart_collapsed_and_uncounted(cast, client_as):
    gone = draft(cast, mentees=[mentee(cast.school, last_name="Несостоявшаяся")])
    lifecycle.mentorship_drop(mentorship=gone, by=cast.curator)
    running = active(cast, mentees=[mentee(cast.school, last_name="Действующая")])
    ended = active(cast, mentees=[mentee(cast.school, last_name="Прекращённая")])
    lifecycle.mentorship_terminate(mentorship=ended, by=cast.curator, reason=TerminationReason.MUTUAL)

    context = board(cast.school)
    assert [m for m, _a in context["not_formed_rows"]] == [gone]
    assert gone not in [m for m, _a in context["open_rows"] + context["closed_rows"]]
    assert {m for m, _a in context["closed_rows"]} == {ended}
    assert running in [m for m, _a in context["open_rows"]]
    assert Status.NOT_FORMED not in [status for status, _count in context["statuses"]]

    page = client_as(cast.curator).get(reverse("mentoring:board")).content.decode()
    section = page[page.index('data-testid="not-formed-section"') :]
    assert section[: section.index("not-formed-mentorships")].count("<details>") == 1, "collapsed until opened"
    assert "Несостоявшаяся" in _section(page, "not-formed-mentorships")
    assert "Несостоявшаяся" not in _section(page, "open-mentorships")
    assert "Несостоявшаяся" not in _section(page, "closed-mentorships")
    assert "Прекращённая" in _section(page, "closed-mentorships")


@pytest.mark.parametrize(
    ("make", "offered", "hidden"),
    [
        (draft, "mentoring:drop", "mentoring:terminate"),
        (proposed, "mentoring:drop", "mentoring:terminate"),
        (approved, "mentoring:terminate", "mentoring:drop"),
        (active, "mentoring:terminate", "mentoring:drop"),
    ],
    ids=["draft", "proposed", "approved", "active"],
)
def test_the_page_offers_not_formed_before_the_order_and_termination_after(cast, client_as, make, offered, hidden):
    mentorship = make(cast)
    page = client_as(cast.curator).get(reverse("mentoring:detail", kwargs={"pk": mentorship.pk})).content.decode()
    assert reverse(offered, kwargs={"pk": mentorship.pk}) in page
    assert reverse(hidden, kwargs={"pk": mentorship.pk}) not in page


def test_the_curator_marks_a_pair_not_formed_in_the_page(cast, client_as):
    mentorship = proposed(cast)
    client = client_as(cast.curator)

    response = client.post(
        reverse("mentoring:drop", kwargs={"pk": mentorship.pk}),
        {"reason": TerminationReason.NOT_FORMED, "on": "20.08.2026", "note": "Пара не сложилась"},
    )

    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.termination_note) == (Status.NOT_FORMED, "Пара не сложилась")
    page = client.get(reverse("mentoring:detail", kwargs={"pk": mentorship.pk})).content.decode()
    assert "Пара не сложилась" in page


def test_posting_a_termination_of_a_draft_changes_nothing(cast, client_as):
    mentorship = draft(cast)
    client_as(cast.curator).post(
        reverse("mentoring:terminate", kwargs={"pk": mentorship.pk}),
        {"reason": TerminationReason.MUTUAL, "on": "20.08.2026"},
    )
    assert status_of(mentorship) == Status.DRAFT


def test_a_mentor_cannot_drop_a_pair(cast, client_as):
    mentorship = proposed(cast)
    response = client_as(cast.mentor).post(reverse("mentoring:drop", kwargs={"pk": mentorship.pk}), {})
    assert response.status_code == 403
    assert status_of(mentorship) == Status.PROPOSED


def test_participants_do_not_see_a_pair_not_formed_among_their_own(cast, client_as):
    from people.models import MentorProfile, Person

    own = Person.objects.get(user=cast.mentor)
    MentorProfile.objects.create(person=own)
    gone = draft(cast, mentors=[own], mentees=[mentee(cast.school, last_name="Несостоявшаяся")])
    lifecycle.mentorship_drop(mentorship=gone, by=cast.curator)
    draft(cast, mentors=[own], mentees=[mentee(cast.school, last_name="Будущая")])

    page = client_as(cast.mentor).get(reverse("mentoring:mine")).content.decode()

    assert "Будущая" in page
    assert "Несостоявшаяся" not in page


# --- deleting a draft made by mistake ---------------------------------------------------


def test_a_fresh_draft_may_be_deleted_even_after_edits(cast):
    mentorship = draft(cast)
    lifecycle.mentorship_update(mentorship=mentorship, by=cast.curator, direction="Ошибка")
    assert lifecycle.deletion_problems(mentorship) == []


@pytest.mark.parametrize("make", [proposed, approved, active], ids=["proposed", "approved", "active"])
def test_only_a_draft_may_be_deleted(cast, make):
    mentorship = make(cast)
    assert lifecycle.deletion_problems(mentorship)
    with pytest.raises(ValidationError):
        lifecycle.mentorship_delete(mentorship=mentorship, by=cast.curator)
    assert Mentorship.objects.filter(pk=mentorship.pk).exists()


def test_a_draft_that_was_proposed_before_is_kept(cast):
    mentorship = proposed(cast)
    lifecycle.mentorship_return_to_draft(mentorship=mentorship, by=cast.director)
    assert len(lifecycle.deletion_problems(mentorship)) == 1
    with pytest.raises(ValidationError):
        lifecycle.mentorship_delete(mentorship=mentorship, by=cast.curator)
    assert Mentorship.objects.filter(pk=mentorship.pk).exists()


def test_a_draft_with_a_program_is_kept(cast):
    mentorship = draft(cast)
    program_rules.program_create(mentorship=mentorship, by=cast.curator, title="П", goal="Ц", start=START, end=END)
    [problem] = lifecycle.deletion_problems(mentorship)
    assert "программ" in problem.lower() or "program" in problem.lower()
    with pytest.raises(ValidationError):
        lifecycle.mentorship_delete(mentorship=mentorship, by=cast.curator)
    assert Mentorship.objects.filter(pk=mentorship.pk).exists()


def test_a_draft_named_in_a_document_is_kept(cast):
    from documents.models import Document

    mentorship = draft(cast)
    document = Document.objects.create(
        school=cast.school, type="order_pairs", title="Приказ", number="1", year=2026, sequence=1, date=ORDER_DAY
    )
    document.mentorships.add(mentorship)

    [problem] = lifecycle.deletion_problems(mentorship)

    assert str(Document._meta.verbose_name_plural) in problem
    assert Mentorship.objects.filter(pk=mentorship.pk).exists()


def test_the_curator_confirms_and_deletes_a_draft_and_the_audit_log_keeps_it(cast, client_as):
    mentorship = draft(cast, mentees=[mentee(cast.school, last_name="Ошибочная")])
    url = reverse("mentoring:delete", kwargs={"pk": mentorship.pk})
    client = client_as(cast.curator)

    detail = client.get(reverse("mentoring:detail", kwargs={"pk": mentorship.pk})).content.decode()
    assert url in detail
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert 'data-testid="confirm-delete"' in confirm.content.decode()
    assert Mentorship.objects.filter(pk=mentorship.pk).exists(), "opening the page deletes nothing"

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:board")
    assert not Mentorship.objects.filter(pk=mentorship.pk).exists()
    assert not Participant.objects.filter(mentorship_id=mentorship.pk).exists()
    event = AuditEvent.objects.get(object_type="mentoring.mentorship", object_id=str(mentorship.pk))
    assert event.actor == cast.curator
    assert event.school == cast.school
    assert "Ошибочная" in event.object_repr + str(event.changes)
    assert event.changes["status"] == [Status.DRAFT, None]


def test_a_pair_that_cannot_be_deleted_is_explained_and_offered_not_formed(cast, client_as):
    mentorship = proposed(cast)
    url = reverse("mentoring:delete", kwargs={"pk": mentorship.pk})
    client = client_as(cast.director)

    page = client.get(url).content.decode()
    assert 'data-testid="cannot-delete"' in page
    assert reverse("mentoring:drop", kwargs={"pk": mentorship.pk}) in page

    client.post(url)

    assert status_of(mentorship) == Status.PROPOSED
    assert not AuditEvent.objects.filter(object_type="mentoring.mentorship", object_id=str(mentorship.pk)).exists()


@pytest.mark.parametrize("role", ["mentor", "mentee", "secretary", "council_member"])
def test_only_the_curator_and_the_director_delete_a_draft(cast, client_as, role):
    mentorship = draft(cast)
    url = reverse("mentoring:delete", kwargs={"pk": mentorship.pk})
    client = client_as(getattr(cast, role))
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Mentorship.objects.filter(pk=mentorship.pk).exists()


# --- the data migration: «прекращена» before any order becomes «не сформирована» -----------


MIGRATION = importlib.import_module("mentoring.migrations.0005_never_approved_pairs_not_formed")


def _terminated_the_old_way(mentorship, *, by, order_number=""):
    """What the old code did to a draft or proposed pair: «прекращена», no order."""
    before = mentorship.status
    Mentorship.objects.filter(pk=mentorship.pk).update(
        status=Status.TERMINATED, order_number=order_number, actual_end=DROP_DAY
    )
    StatusChange.objects.create(mentorship=mentorship, from_status=before, to_status=Status.TERMINATED, by=by)


def test_the_migration_makes_old_terminations_before_any_order_not_formed(cast):
    old_draft = draft(cast)
    _terminated_the_old_way(old_draft, by=cast.curator)
    old_proposed = proposed(cast)
    _terminated_the_old_way(old_proposed, by=cast.curator)
    Mentorship.objects.filter(pk=old_proposed.pk).update(termination_reason=TerminationReason.MUTUAL)
    after_order = active(cast)
    lifecycle.mentorship_terminate(mentorship=after_order, by=cast.curator, reason=TerminationReason.MUTUAL)
    imported_with_order = draft(cast)
    _terminated_the_old_way(imported_with_order, by=None, order_number="01-10/7")

    MIGRATION.mark_not_formed(apps, None)

    assert status_of(old_draft) == Status.NOT_FORMED
    assert status_of(old_proposed) == Status.NOT_FORMED
    assert status_of(after_order) == Status.TERMINATED
    assert status_of(imported_with_order) == Status.TERMINATED
    assert Mentorship.objects.get(pk=old_draft.pk).termination_reason == TerminationReason.NOT_FORMED
    assert Mentorship.objects.get(pk=old_proposed.pk).termination_reason == TerminationReason.MUTUAL, "kept"
    last = old_proposed.status_changes.last()
    assert (last.from_status, last.to_status, last.by) == (Status.PROPOSED, Status.NOT_FORMED, cast.curator)
    assert not StatusChange.objects.filter(mentorship=old_draft, to_status=Status.TERMINATED).exists()
    assert Mentorship.objects.get(pk=old_draft.pk).actual_end == DROP_DAY

    MIGRATION.mark_not_formed(apps, None)  # again: nothing more to do
    assert status_of(after_order) == Status.TERMINATED

    MIGRATION.mark_terminated(apps, None)  # backwards: as the old code had it
    assert status_of(old_draft) == Status.TERMINATED
    assert old_draft.status_changes.last().to_status == Status.TERMINATED
    assert old_draft.status_changes.last().note == ""


def test_the_migration_knows_an_approval_by_its_history_even_without_the_number(cast):
    mentorship = proposed(cast)
    lifecycle.mentorship_approve(
        mentorship=mentorship, by=cast.director, order_number="9", order_date=ORDER_DAY, on=ORDER_DAY
    )
    lifecycle.mentorship_terminate(mentorship=mentorship, by=cast.curator, reason=TerminationReason.MUTUAL)
    Mentorship.objects.filter(pk=mentorship.pk).update(order_number="")

    MIGRATION.mark_not_formed(apps, None)

    assert status_of(mentorship) == Status.TERMINATED

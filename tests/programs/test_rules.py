"""Programs: term, stages, agreement, versions, progress, completion, the bank."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError

from mentoring.models import Status as MentorshipStatus
from programs import rules
from programs.models import CompletionReason, PlanItem, PlanItemStatus, ProgramStatus, StageKind
from tests.programs.helpers import END, START, approved_program, running_mentorship


def test_default_stages_cover_the_term_without_gaps():
    stages = rules.default_stages(START, END)
    assert [kind for kind, _s, _e in stages] == list(StageKind.values)
    assert stages[0][1] == START
    assert stages[-1][2] == END
    for (_k, _s, end), (_k2, start, _e) in itertools.pairwise(stages):
        assert start == end + datetime.timedelta(days=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("end", "fits"),
    [
        (datetime.date(2026, 11, 29), False),
        (datetime.date(2026, 11, 30), True),
        (datetime.date(2027, 8, 31), True),
        (datetime.date(2027, 9, 1), False),
    ],
)
def test_the_term_must_fit_3_to_12_months(cast, end, fits):
    mentorship = running_mentorship(cast)

    def create():
        return rules.program_create(mentorship=mentorship, by=cast.curator, title="П", goal="Ц", start=START, end=end)

    if fits:
        assert create().end == end
    else:
        with pytest.raises(ValidationError, match="месяцев"):
            create()


@pytest.mark.django_db
def test_drafted_agreed_approved_freezes_version_one(cast):
    program = approved_program(cast)
    assert program.status == ProgramStatus.APPROVED
    version = program.versions.get()
    assert version.number == 1
    assert version.mentee_agreed_by == cast.mentee
    assert version.snapshot["items"][0]["title"] == "Консультация по планированию"


@pytest.mark.django_db
def test_the_curator_cannot_approve_before_the_mentee_agrees(cast):
    program = rules.program_create(
        mentorship=running_mentorship(cast), by=cast.curator, title="П", goal="Ц", start=START, end=END
    )
    with pytest.raises(ValidationError, match="после согласия наставляемого"):
        rules.program_approve(program=program, by=cast.curator)
    with pytest.raises(ValidationError, match="План пуст"):
        rules.program_agree(program=program, by=cast.mentee)


@pytest.mark.django_db
def test_a_change_after_agreement_asks_for_agreement_again(cast):
    program = rules.program_create(
        mentorship=running_mentorship(cast), by=cast.curator, title="П", goal="Ц", start=START, end=END
    )
    PlanItem.objects.create(program=program, title="Встреча", planned_on=START)
    rules.program_agree(program=program, by=cast.mentee)
    rules.program_update(program=program, by=cast.curator, goal="Новая цель")
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT
    assert program.agreed_by is None


@pytest.mark.django_db
def test_a_correction_becomes_version_two_when_both_sides_agree(cast):
    program = approved_program(cast)
    item = program.items.get()
    item.planned_on = datetime.date(2026, 9, 17)
    rules.plan_item_save(item=item, by=cast.mentor)
    PlanItem.objects.create(program=program, title="Посещение урока наставника", planned_on=datetime.date(2026, 10, 5))
    assert rules.has_pending_changes(program)

    assert (
        rules.correction_agree(program=program, by=cast.mentor, as_mentor=True, reason="Перенос из-за карантина")
        is None
    )
    version = rules.correction_agree(program=program, by=cast.mentee, as_mentor=False)

    assert version.number == 2
    assert version.reason == "Перенос из-за карантина"
    assert (version.mentor_agreed_by, version.mentee_agreed_by) == (cast.mentor, cast.mentee)
    comparison = rules.compare(program.versions.get(number=1).snapshot, version.snapshot)
    assert [i["title"] for i in comparison.added] == ["Посещение урока наставника"]
    assert [(old["planned_on"], new["planned_on"]) for old, new in comparison.changed] == [("2026-09-10", "2026-09-17")]
    assert not rules.has_pending_changes(program)


@pytest.mark.django_db
def test_marking_an_event_done_is_not_a_correction(cast):
    program = approved_program(cast)
    PlanItem.objects.filter(program=program).update(status=PlanItemStatus.DONE, evidence_notes="Конспект")
    assert not rules.has_pending_changes(program)


@pytest.mark.django_db
def test_an_extension_keeps_the_12_month_total_unless_the_curator_overrides(cast):
    program = approved_program(cast)
    program.end = datetime.date(2027, 9, 15)
    program.save()
    with pytest.raises(ValidationError, match="12 месяцев"):
        rules.correction_agree(program=program, by=cast.mentor, as_mentor=True)
    rules.correction_agree(
        program=program, by=cast.curator, as_mentor=True, override_reason="Декретный отпуск наставляемой"
    )
    assert rules.correction_agree(program=program, by=cast.mentee, as_mentor=False).number == 2


@pytest.mark.django_db
def test_progress_counts_only_events_due_so_far(cast):
    program = approved_program(
        cast,
        items=[
            ("Раз", datetime.date(2026, 9, 10)),
            ("Два", datetime.date(2026, 9, 20)),
            ("Три", datetime.date(2026, 10, 1)),
            ("Отменённое", datetime.date(2026, 9, 5)),
            ("Будущее", datetime.date(2027, 1, 1)),
        ],
    )
    PlanItem.objects.filter(program=program, title="Раз").update(status=PlanItemStatus.DONE)
    PlanItem.objects.filter(program=program, title="Отменённое").update(status=PlanItemStatus.CANCELLED)
    result = rules.progress(program, datetime.date(2026, 10, 1))
    assert (result.done, result.due, result.percent) == (1, 3, 33)
    assert rules.progress(program, datetime.date(2026, 9, 1)).percent is None


@pytest.mark.django_db
def test_completion_needs_the_report_and_leaves_the_pair_to_the_directors_order(cast):
    program = approved_program(cast)
    with pytest.raises(ValidationError) as error:
        rules.program_complete(program=program, by=cast.mentor, reason=CompletionReason.PLAN_DONE, results="")
    assert any("результаты" in m for m in error.value.messages)
    assert any("не выполнен полностью" in m for m in error.value.messages)

    PlanItem.objects.filter(program=program).update(status=PlanItemStatus.DONE)
    rules.program_complete(
        program=program, by=cast.mentor, reason=CompletionReason.PLAN_DONE, on=END, results="Дефициты преодолены"
    )
    program.refresh_from_db()
    program.mentorship.refresh_from_db()
    assert program.status == ProgramStatus.COMPLETED
    # Only the director's completion order completes the pair (issue 15); until then it is active.
    assert program.mentorship.status == MentorshipStatus.ACTIVE
    assert program.mentorship.actual_end is None
    assert "ждёт приказа директора о завершении" in program.mentorship.status_changes.order_by("-pk").first().note
    from documents.forms import CompletionOrderForm

    offered = CompletionOrderForm(school=cast.school).fields["mentorships"].queryset
    assert program.mentorship in offered


@pytest.mark.django_db
def test_early_completion_proposes_the_early_end_for_the_directors_order(cast):
    from documents.forms import TerminationOrderForm

    program = approved_program(cast)
    rules.program_complete(
        program=program,
        by=cast.curator,
        reason=CompletionReason.IMPROPER_FULFILMENT,
        on=datetime.date(2026, 12, 1),
        results="План не выполнялся",
    )
    mentorship = program.mentorship
    mentorship.refresh_from_db()
    assert mentorship.status != MentorshipStatus.TERMINATED
    assert mentorship.termination_proposed
    assert mentorship.termination_reason == "improper"
    assert mentorship.termination_on == datetime.date(2026, 12, 1)
    assert mentorship in TerminationOrderForm(school=cast.school).fields["mentorships"].queryset


@pytest.mark.django_db
def test_best_practice_and_copy_for_a_new_pair(cast):
    program = approved_program(cast)
    with pytest.raises(ValidationError, match="завершённ"):
        rules.best_practice_mark(program=program, by=cast.curator, summary="Хорошо", permission=True)
    PlanItem.objects.filter(program=program).update(status=PlanItemStatus.DONE)
    rules.program_complete(program=program, by=cast.mentor, reason=CompletionReason.PLAN_DONE, on=END, results="Готово")
    practice = rules.best_practice_mark(program=program, by=cast.curator, summary="Чёткий план", permission=True)
    assert practice.permission_to_publish

    new_pair = running_mentorship(cast)
    from mentoring.models import Mentorship

    Mentorship.objects.filter(pk=new_pair.pk).update(
        planned_start=datetime.date(2027, 9, 1), planned_end=datetime.date(2028, 5, 31)
    )
    new_pair.refresh_from_db()
    copy = rules.program_copy(source=program, mentorship=new_pair, by=cast.curator)
    assert copy.status == ProgramStatus.DRAFT
    assert copy.copied_from == program
    assert list(copy.items.values_list("title", "planned_on")) == [
        ("Консультация по планированию", datetime.date(2027, 9, 10))
    ]

"""The rules of a program's life: drafting, agreement, approval, corrections, progress, completion.

Functions take keyword arguments, check their guards, raise ``ValidationError`` with
the reasons in words, and otherwise write. Views call only these.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentoring import lifecycle
from mentoring.models import Status as MentorshipStatus
from mentoring.models import StatusChange, TerminationReason
from mentoring.terms import add_months, term_problems
from notifications import events
from portal.uploads import delete_replaced_file
from programs.models import (
    BestPractice,
    ChangeKind,
    CommentKind,
    CompletionReason,
    LogEntry,
    PlanItem,
    PlanItemStatus,
    Program,
    ProgramChange,
    ProgramComment,
    ProgramStatus,
    ProgramVersion,
    Stage,
    StageKind,
)

# Share of the term each stage takes by default, in twelfths.
STAGE_SHARES = [
    (StageKind.PREPARATION, 1),
    (StageKind.DESIGN, 1),
    (StageKind.IMPLEMENTATION, 8),
    (StageKind.REFLECTION, 1),
    (StageKind.RESULTS, 1),
]


def default_stages(start: datetime.date, end: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The five stages laid over the term: short preparation and design, long implementation."""
    days = (end - start).days + 1
    stages, cursor, used = [], start, 0
    for index, (kind, twelfths) in enumerate(STAGE_SHARES):
        used += twelfths
        stage_end = end if index == len(STAGE_SHARES) - 1 else start + datetime.timedelta(days=days * used // 12 - 1)
        stage_end = max(stage_end, cursor)
        stages.append((kind, cursor, stage_end))
        cursor = stage_end + datetime.timedelta(days=1)
    return stages


# --- drafting ---------------------------------------------------------------------


@transaction.atomic
def program_create(
    *, mentorship, by, title: str, goal: str, start: datetime.date, end: datetime.date, **fields
) -> Program:
    if hasattr(mentorship, "program"):
        raise ValidationError(_("This mentorship already has a program."))
    if mentorship.status in (MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED, MentorshipStatus.NOT_FORMED):
        raise ValidationError(_("The mentorship has ended; its program cannot be started."))
    problems = term_problems(start, end)
    if problems:
        raise ValidationError(problems)
    deficits = fields.pop("deficits", [])
    program = Program.objects.create(
        mentorship=mentorship, title=title, goal=goal, start=start, end=end, created_by=by, **fields
    )
    program.deficits.set(deficits)
    Stage.objects.bulk_create(Stage(program=program, kind=k, start=s, end=e) for k, s, e in default_stages(start, end))
    return program


# --- frozen when done -------------------------------------------------------------


def _frozen_reason(program: Program) -> str:
    if program.status == ProgramStatus.COMPLETED:
        return _("This program is completed: it can no longer be changed.")
    return {
        MentorshipStatus.COMPLETED: _("The mentorship is completed: its program can no longer be changed."),
        MentorshipStatus.TERMINATED: _("The mentorship was terminated early: its program can no longer be changed."),
        MentorshipStatus.NOT_FORMED: _("The mentorship was not formed: its program can no longer be changed."),
    }[program.mentorship.status]


def require_open(program: Program) -> None:
    """The one guard of every change to a program: its plan, log, evidence, corrections.

    A program is frozen (``Program.is_frozen``) once it is completed or its mentorship has ended.
    """
    if program.is_frozen:
        raise ValidationError(_frozen_reason(program))


def frozen_notice(program: Program) -> str:
    """The short line a frozen program's page shows instead of its buttons; empty when open."""
    if not program.is_frozen:
        return ""
    mentorship = program.mentorship
    if program.status == ProgramStatus.COMPLETED and program.completed_on:
        text = _("The program was completed on %(date)s: no more changes are made to it.")
        on = program.completed_on
    elif mentorship.status == MentorshipStatus.TERMINATED and mentorship.actual_end:
        text = _("The mentorship was terminated early on %(date)s: no more changes are made to the program.")
        on = mentorship.actual_end
    elif mentorship.status == MentorshipStatus.COMPLETED and mentorship.actual_end:
        text = _("The mentorship was completed on %(date)s: no more changes are made to the program.")
        on = mentorship.actual_end
    else:
        return _frozen_reason(program)
    return text % {"date": on.strftime("%d.%m.%Y")}


# --- corrections announced --------------------------------------------------------


def _correction_pending(program: Program) -> bool:
    """An approved program already has a correction under way: changes, or an agreement recorded."""
    return program.status == ProgramStatus.APPROVED and (
        bool(program.pending_correction) or has_pending_changes(program)
    )


def _announce_new_correction(program: Program, by, *, was_pending: bool) -> None:
    """The first change after a version waits for agreement: the other side is told once."""
    if program.status == ProgramStatus.APPROVED and not was_pending and has_pending_changes(program):
        events.announce("program_change_proposed", program_id=program.pk, by_id=getattr(by, "pk", None))


# --- the history of changes -------------------------------------------------------

PLAN_FIELDS = ["title", "kind", "stage", "planned_on", "planned_until", "responsible", "expected_result"]


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _values(obj, names) -> dict:
    return {name: _plain(getattr(obj, name)) for name in names if name != "deficits"}


def _deficit_names(deficits) -> list[str]:
    return sorted(d.description for d in deficits)


def _diff(before: dict, after: dict) -> dict:
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def _record(program: Program, by, kind: str, *, subject: str = "", changes: dict | None = None) -> None:
    """Attributes a change of the program or its plan to whoever made it; a save changing nothing is not one."""
    if kind in (ChangeKind.PROGRAM, ChangeKind.ITEM_CHANGED) and not changes:
        return
    ProgramChange.objects.create(
        program=program,
        actor=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        subject=subject[:500],
        changes=changes or {},
    )


@dataclass(frozen=True)
class HistoryLine:
    change: ProgramChange
    # (the field's name in words, the old value, the new value), ready to show.
    fields: list[tuple[str, str, str]]


def _shown(field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and isinstance(field, (models.DateField,)):
        return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
    return str(value)


def history(program: Program, limit: int = 100) -> list[HistoryLine]:
    """The program's changes, newest first, each with who made it and the fields in words."""
    lines = []
    for change in program.changes.select_related("actor")[:limit]:
        model = Program if change.kind == ChangeKind.PROGRAM else PlanItem
        fields = []
        for name, (old, new) in change.changes.items():
            field = next((f for f in model._meta.get_fields() if f.name == name), None)
            label = str(getattr(field, "verbose_name", name))
            fields.append((label, _shown(field, old), _shown(field, new)))
        lines.append(HistoryLine(change=change, fields=fields))
    return lines


# --- changes ----------------------------------------------------------------------


@transaction.atomic
def program_update(*, program: Program, by, **fields) -> Program:
    """Saves changed fields; after approval the change waits for both sides' agreement."""
    require_open(program)
    start, end = fields.get("start", program.start), fields.get("end", program.end)
    problems = term_problems(start, end)
    if program.status == ProgramStatus.APPROVED:
        # An approved program's extension past 12 months is agreed as a correction, where the
        # curator may override the ceiling (``correction_agree``); only the other limits hold here.
        problems = term_problems(start, end, max_months=UNBOUNDED_MONTHS)
    if problems and not (program.term_override_reason and _fits_override(start, end)):
        raise ValidationError(problems)
    was_pending = _correction_pending(program)
    deficits = fields.pop("deficits", None)
    before = _values(program, fields)
    if deficits is not None:
        before["deficits"] = _deficit_names(program.deficits.all())
    for name, value in fields.items():
        setattr(program, name, value)
    program.save()
    after = _values(program, fields)
    if deficits is not None:
        program.deficits.set(deficits)
        after["deficits"] = _deficit_names(program.deficits.all())
    _record(program, by, ChangeKind.PROGRAM, changes=_diff(before, after))
    if program.status == ProgramStatus.AGREED:
        _back_to_draft(program)
    _announce_new_correction(program, by, was_pending=was_pending)
    return program


UNBOUNDED_MONTHS = 1200


def _fits_override(start, end) -> bool:
    return end >= start


def _back_to_draft(program: Program) -> None:
    """A change after the mentee agreed needs their agreement again."""
    program.status = ProgramStatus.DRAFT
    program.agreed_by = None
    program.agreed_at = None
    program.save(update_fields=["status", "agreed_by", "agreed_at"])


@transaction.atomic
def plan_item_save(*, item: PlanItem, by) -> PlanItem:
    require_open(item.program)
    item.full_clean()
    if item.planned_until and item.planned_until < item.planned_on:
        raise ValidationError(_("A period cannot end before it begins."))
    was_pending = _correction_pending(item.program)
    if item.status == PlanItemStatus.DONE and item.done_on is None:
        item.done_on = timezone.localdate()
    stored = PlanItem.objects.filter(pk=item.pk).first() if item.pk else None
    item.save()
    if stored is None:
        _record(item.program, by, ChangeKind.ITEM_ADDED, subject=item.title)
    else:
        changes = _diff(_values(stored, PLAN_FIELDS), _values(item, PLAN_FIELDS))
        _record(item.program, by, ChangeKind.ITEM_CHANGED, subject=item.title, changes=changes)
    if item.program.status == ProgramStatus.AGREED:
        _back_to_draft(item.program)
    _announce_new_correction(item.program, by, was_pending=was_pending)
    return item


@transaction.atomic
def plan_item_delete(*, item: PlanItem, by) -> None:
    require_open(item.program)
    if item.log.exists():
        raise ValidationError(_("Events were logged against this item: mark it cancelled instead."))
    program = item.program
    was_pending = _correction_pending(program)
    _record(program, by, ChangeKind.ITEM_REMOVED, subject=item.title)
    item.delete()
    if program.status == ProgramStatus.AGREED:
        _back_to_draft(program)
    _announce_new_correction(program, by, was_pending=was_pending)


# --- execution: progress, evidence, the log ---------------------------------------


@transaction.atomic
def plan_item_progress(*, item: PlanItem, by) -> PlanItem:
    """Execution, not a correction: the status (done, moved, cancelled) and the evidence."""
    require_open(item.program)
    if item.status == PlanItemStatus.DONE and not item.done_on:
        item.done_on = timezone.localdate()
    delete_replaced_file(item, "evidence_file")
    item.save()
    return item


@transaction.atomic
def log_entry_add(*, entry: LogEntry, by, mark_done: bool = False) -> LogEntry:
    """The mentor records a session of an approved program; its plan item may be marked done with it."""
    require_open(entry.program)
    if entry.program.status != ProgramStatus.APPROVED:
        raise ValidationError(_("Sessions are recorded once the curator has approved the program."))
    entry.author = by
    entry.save()
    item = entry.plan_item
    if item and mark_done and item.status != PlanItemStatus.DONE:
        item.status = PlanItemStatus.DONE
        item.done_on = entry.occurred_on
        item.save(update_fields=["status", "done_on"])
    return entry


@transaction.atomic
def reflection_save(*, entry: LogEntry, by, text: str) -> LogEntry:
    """The mentee's reflection on a session; a new or changed one is for the mentor to read again."""
    require_open(entry.program)
    entry.reflection = text
    entry.reflection_at = timezone.now()
    entry.reflection_read_at = None
    entry.save(update_fields=["reflection", "reflection_at", "reflection_read_at"])
    return entry


# --- agreement and approval -------------------------------------------------------


@transaction.atomic
def program_agree(*, program: Program, by) -> None:
    """The mentee agrees with the draft (seed 000 §6: set by mentor and mentee together)."""
    require_open(program)
    if program.status != ProgramStatus.DRAFT:
        raise ValidationError(_("Only a draft can be agreed."))
    if not program.items.exists():
        raise ValidationError(_("The plan is empty: add its events first."))
    program.status = ProgramStatus.AGREED
    program.agreed_by = by
    program.agreed_at = timezone.now()
    program.save(update_fields=["status", "agreed_by", "agreed_at"])


@transaction.atomic
def program_approve(*, program: Program, by) -> ProgramVersion:
    """The curator approves what mentor and mentee agreed; version 1 is frozen."""
    require_open(program)
    if program.status != ProgramStatus.AGREED:
        raise ValidationError(_("The curator approves a program after the mentee has agreed with it."))
    program.status = ProgramStatus.APPROVED
    program.approved_by = by
    program.approved_at = timezone.now()
    program.version = 1
    program.save(update_fields=["status", "approved_by", "approved_at", "version"])
    return ProgramVersion.objects.create(
        program=program,
        number=1,
        snapshot=snapshot(program),
        mentor_agreed_by=program.created_by,
        mentee_agreed_by=program.agreed_by,
    )


# --- the council's review ---------------------------------------------------------


@transaction.atomic
def program_comment(*, program: Program, by, text: str) -> ProgramComment:
    """A remark on the program: the council reviews it, the participants and the curator answer."""
    if not text.strip():
        raise ValidationError(_("Write the comment."))
    return ProgramComment.objects.create(program=program, author=by, kind=CommentKind.COMMENT, text=text.strip())


@transaction.atomic
def program_return(*, program: Program, by, text: str) -> ProgramComment:
    """The council (or the curator) returns a draft or agreed program for correction, saying why.

    An agreed program goes back to a draft: the mentee agrees again once it is corrected. An
    approved program is corrected through versions, as both sides agree.
    """
    require_open(program)
    if program.status not in (ProgramStatus.DRAFT, ProgramStatus.AGREED):
        raise ValidationError(
            _("Only a draft or an agreed program is returned; an approved one is corrected by versions.")
        )
    if not text.strip():
        raise ValidationError(_("Say what is to be corrected."))
    if program.status == ProgramStatus.AGREED:
        _back_to_draft(program)
    comment = ProgramComment.objects.create(program=program, author=by, kind=CommentKind.RETURN, text=text.strip())
    events.announce("program_returned", program_id=program.pk, comment_id=comment.pk, by_id=getattr(by, "pk", None))
    return comment


# --- versions ---------------------------------------------------------------------


def snapshot(program: Program) -> dict:
    """What a version freezes: content, term, form, modes, stages and the plan (not its execution)."""
    mentorship = program.mentorship
    return {
        "title": program.title,
        "goal": program.goal,
        "tasks": program.tasks,
        "expected_results": program.expected_results,
        "directions": program.directions,
        "start": program.start.isoformat(),
        "end": program.end.isoformat(),
        "form": str(mentorship.form),
        "modes": sorted(str(m) for m in mentorship.modes.all()),
        "deficits": sorted(d.description for d in program.deficits.all()),
        "stages": [[s.kind, s.start.isoformat(), s.end.isoformat()] for s in program.stages.all()],
        "items": [
            {
                "id": item.pk,
                "title": item.title,
                "kind": item.kind,
                "planned_on": item.planned_on.isoformat(),
                "planned_until": item.planned_until.isoformat() if item.planned_until else None,
                "responsible": item.responsible,
                "expected_result": item.expected_result,
            }
            for item in program.items.order_by("planned_on", "pk")
        ],
    }


def latest_version(program: Program) -> ProgramVersion | None:
    return program.versions.order_by("-number").first()


def has_pending_changes(program: Program) -> bool:
    version = latest_version(program)
    return version is not None and version.snapshot != snapshot(program)


FIELDS = [
    "title",
    "goal",
    "tasks",
    "expected_results",
    "directions",
    "start",
    "end",
    "form",
    "modes",
    "deficits",
    "stages",
]


@dataclass
class Comparison:
    fields: list[tuple[str, object, object]]
    added: list[dict]
    removed: list[dict]
    changed: list[tuple[dict, dict]]

    @property
    def empty(self) -> bool:
        return not (self.fields or self.added or self.removed or self.changed)


def compare(old: dict, new: dict) -> Comparison:
    """Two snapshots side by side: changed fields and plan items added, removed or changed."""
    fields = [(name, old.get(name), new.get(name)) for name in FIELDS if old.get(name) != new.get(name)]
    old_items = {item["id"]: item for item in old.get("items", [])}
    new_items = {item["id"]: item for item in new.get("items", [])}
    return Comparison(
        fields=fields,
        added=[new_items[i] for i in new_items if i not in old_items],
        removed=[old_items[i] for i in old_items if i not in new_items],
        changed=[(old_items[i], new_items[i]) for i in new_items if i in old_items and old_items[i] != new_items[i]],
    )


def extension_problems(program: Program, end: datetime.date) -> list[str]:
    """An extension keeps the total term within 12 months of the first approved start."""
    first = program.versions.order_by("number").first()
    start = datetime.date.fromisoformat(first.snapshot["start"]) if first else program.start
    longest_end = add_months(start, 12) - datetime.timedelta(days=1)
    if end > longest_end:
        return [
            _(
                "With the extension the program would last longer than 12 months in total: it must end by %(date)s, or the curator overrides with a reason."  # noqa: E501
            )
            % {"date": longest_end.strftime("%d.%m.%Y")}
        ]
    return []


@transaction.atomic
def correction_agree(
    *, program: Program, by, as_mentor: bool, reason: str = "", override_reason: str = ""
) -> ProgramVersion | None:
    """One side agrees with the pending changes; when both have, a new version is frozen.

    The first side to agree records the reason; the second side's agreement completes it.
    """
    require_open(program)
    if program.status != ProgramStatus.APPROVED:
        raise ValidationError(_("Corrections are agreed on an approved program."))
    if not has_pending_changes(program):
        raise ValidationError(_("There are no changes to agree."))
    problems = extension_problems(program, program.end)
    if problems and not (override_reason or program.term_override_reason):
        raise ValidationError(problems)
    if override_reason:
        program.term_override_reason = override_reason
        program.save(update_fields=["term_override_reason"])
    pending = dict(program.pending_correction or {})
    side = "mentor" if as_mentor else "mentee"
    already_agreed = side in pending
    pending[side] = by.pk
    if reason:
        pending["reason"] = reason
    if "mentor" in pending and "mentee" in pending:
        number = latest_version(program).number + 1
        version = ProgramVersion.objects.create(
            program=program,
            number=number,
            snapshot=snapshot(program),
            reason=pending.get("reason", ""),
            mentor_agreed_by_id=pending["mentor"],
            mentee_agreed_by_id=pending["mentee"],
        )
        program.version = number
        program.pending_correction = {}
        program.save(update_fields=["version", "pending_correction"])
        _extend_the_pair(program, by)
        return version
    program.pending_correction = pending
    program.save(update_fields=["pending_correction"])
    if not already_agreed:
        # The first side agreed: the other side is asked to agree too.
        events.announce("program_change_proposed", program_id=program.pk, by_id=getattr(by, "pk", None))
    return None


def _extend_the_pair(program: Program, by) -> None:
    """A version carrying the program past the pair's term asks for the extension order."""
    mentorship = program.mentorship
    if program.end <= mentorship.planned_end or mentorship.extension_to == program.end:
        return
    note = ""
    if program.term_override_reason and extension_problems(program, program.end):
        note = _("Over 12 months by the curator's decision: %(reason)s") % {"reason": program.term_override_reason}
    lifecycle.extension_request(mentorship=mentorship, to=program.end, by=by, note=note)


# --- progress ---------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    done: int
    due: int

    @property
    def percent(self) -> int | None:
        return None if self.due == 0 else round(100 * self.done / self.due)


def progress(program: Program, on: datetime.date | None = None) -> Progress:
    """Share of the plan items due by ``on`` that are done (cancelled items do not count)."""
    on = on or timezone.localdate()
    due = [i for i in program.items.all() if i.status != PlanItemStatus.CANCELLED and i.due_date <= on]
    return Progress(done=sum(1 for i in due if i.status == PlanItemStatus.DONE), due=len(due))


# --- completion -------------------------------------------------------------------

_TERMINATION_FOR = {
    CompletionReason.MENTOR_INITIATIVE: TerminationReason.MENTOR_INITIATIVE,
    CompletionReason.MENTEE_INITIATIVE: TerminationReason.MENTEE_INITIATIVE,
    CompletionReason.BOTH: TerminationReason.MUTUAL,
    CompletionReason.FORCE_MAJEURE: TerminationReason.FORCE_MAJEURE,
    CompletionReason.IMPROPER_FULFILMENT: TerminationReason.IMPROPER_FULFILMENT,
}


@transaction.atomic
def program_complete(
    *,
    program: Program,
    by,
    reason: str,
    on: datetime.date | None = None,
    results: str = "",
    worked: str = "",
    recommendations: str = "",
) -> None:
    """Completes the program with the mentor's report, and closes the mentorship with it."""
    on = on or timezone.localdate()
    problems = []
    if program.status != ProgramStatus.APPROVED:
        problems.append(_("Only an approved program can be completed."))
    if reason not in CompletionReason.values:
        problems.append(_("Choose how the program ends."))
    if not results.strip():
        problems.append(_("The mentor's report needs the results against the expected."))
    open_items = program.items.filter(status__in=[PlanItemStatus.PLANNED, PlanItemStatus.MOVED])
    if reason == CompletionReason.PLAN_DONE and open_items.exists():
        problems.append(
            _(
                "The plan is not fully done: %(count)s events are still open. Mark them done or cancelled, or choose another reason."  # noqa: E501
            )
            % {"count": open_items.count()}
        )
    if problems:
        raise ValidationError(problems)
    program.status = ProgramStatus.COMPLETED
    program.completion_reason = reason
    program.completed_on = on
    program.mentor_report_results = results
    program.mentor_report_worked = worked
    program.mentor_report_recommendations = recommendations
    program.save()
    mentorship = program.mentorship
    if mentorship.status == MentorshipStatus.ACTIVE and reason == CompletionReason.PLAN_DONE:
        # The pair itself is completed by the director's order on completing programs (issue 15):
        # it waits for it on the curator's board, its program frozen.
        StatusChange.objects.create(
            mentorship=mentorship,
            from_status=mentorship.status,
            to_status=mentorship.status,
            by=by if getattr(by, "is_authenticated", False) else None,
            note=_("The program is completed; the pair waits for the director's completion order."),
        )
    elif (
        mentorship.status in (MentorshipStatus.ACTIVE, MentorshipStatus.APPROVED)
        and not mentorship.termination_proposed
    ):
        # Ended early: the pair ends by the director's termination order, proposed here.
        lifecycle.termination_propose(
            mentorship=mentorship,
            by=by,
            reason=_TERMINATION_FOR[reason],
            note=_("The program ended early: %(reason)s.") % {"reason": CompletionReason(reason).label},
            on=min(on, mentorship.planned_end),
        )


@transaction.atomic
def self_assessment_save(*, program: Program, by, text: str) -> None:
    if not text.strip():
        raise ValidationError(_("Write the self-assessment."))
    program.mentee_self_assessment = text
    program.save(update_fields=["mentee_self_assessment"])


# --- the program bank -------------------------------------------------------------


@transaction.atomic
def best_practice_mark(
    *, program: Program, by, summary: str, permission: bool, permission_note: str = ""
) -> BestPractice:
    if program.status != ProgramStatus.COMPLETED:
        raise ValidationError(_("Only a completed program can become a best practice."))
    if not summary.strip():
        raise ValidationError(_("Say what is worth copying."))
    practice, _created = BestPractice.objects.update_or_create(
        program=program,
        defaults={
            "summary": summary,
            "permission_to_publish": permission,
            "permission_note": permission_note,
            "marked_by": by,
        },
    )
    return practice


@transaction.atomic
def program_copy(*, source: Program, mentorship, by) -> Program:
    """A new draft for another mentorship, with the plan shifted to its start."""
    start = mentorship.planned_start
    shift = start - source.start
    length = source.end - source.start
    program = program_create(
        mentorship=mentorship,
        by=by,
        title=source.title,
        goal=source.goal,
        tasks=source.tasks,
        expected_results=source.expected_results,
        directions=source.directions,
        start=start,
        end=min(start + length, mentorship.planned_end) if mentorship.planned_end > start else start + length,
        copied_from=source,
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            program=program,
            title=item.title,
            kind=item.kind,
            stage=item.stage,
            planned_on=item.planned_on + shift,
            planned_until=item.planned_until + shift if item.planned_until else None,
            responsible=item.responsible,
            expected_result=item.expected_result,
        )
        for item in source.items.all()
    )
    return program

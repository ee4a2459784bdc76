"""The contest's rules: who nominates whom, the criteria figures, closing, the award order.

The criteria (seed 000 §5.2) are read from what the portal already holds, for the contest's
academic year (1.09.Y – 31.08.Y+1): programs the mentor completed, how many of them ended with
the plan done, best practices among them, and the mentees' satisfaction from named surveys
(an anonymous answer cannot be traced to a mentor, so it never counts here).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.permissions import Action
from mentoring.models import Participant
from monitoring.indicators import SATISFIED_FROM, year_bounds
from programs.models import BestPractice, CompletionReason, Program, ProgramStatus
from recognition.models import Contest, ContestStatus, Nomination
from surveys.models import Answer


def _require(by, action, school):
    if not by.has_perm(action, school):
        raise PermissionDenied


def contest_open(contest: Contest) -> bool:
    return contest.status == ContestStatus.NOMINATING


def open_contest(*, school, year: int, by, name: str = "") -> Contest:
    _require(by, Action.MANAGE_CONTESTS, school)
    contest = Contest(school=school, year=year, created_by=by)
    if name:
        contest.name = name
    contest.save()
    return contest


def nominate(*, contest: Contest, mentor, by, statement: str = "") -> Nomination:
    """A council member (or the curator, or the director) puts a mentor of the school forward, once."""
    _require(by, Action.NOMINATE_MENTORS, contest.school)
    if not contest_open(contest):
        raise ValidationError(_("Nominations for this contest are closed."))
    if mentor.school_id != contest.school_id or not hasattr(mentor, "mentor_profile"):
        raise ValidationError(_("Only a mentor of the school's mentor bank can be nominated."))
    if Nomination.objects.filter(contest=contest, mentor=mentor).exists():
        raise ValidationError(_("%(name)s is already nominated for this contest.") % {"name": mentor.full_name})
    return Nomination.objects.create(contest=contest, mentor=mentor, nominated_by=by, statement=statement)


@dataclass(frozen=True)
class Figure:
    label: str
    value: object  # a count, or a share in per cent (None when there is nothing to divide by)
    numerator: int | None = None
    denominator: int | None = None
    mean: float | None = None

    @property
    def is_share(self) -> bool:
        return self.denominator is not None


def _share(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def _mentors_programs(nomination: Nomination):
    start, end = year_bounds(nomination.contest.year)
    return Program.objects.filter(
        mentorship__school_id=nomination.contest.school_id,
        mentorship__participants__person=nomination.mentor,
        mentorship__participants__role=Participant.Role.MENTOR,
        status=ProgramStatus.COMPLETED,
        completed_on__range=(start, end),
    ).distinct()


LABELS = {
    "programs_completed": gettext_lazy("Programs completed in the year"),
    "plan_done": gettext_lazy("Mentees' results: programs completed with the plan fully done"),
    "best_practices": gettext_lazy("Best practices among the programs"),
    "satisfaction": gettext_lazy("Mentees satisfied (named surveys, 4 or 5 of 5)"),
}


def criteria(nomination: Nomination) -> list[Figure]:
    """The mentor's figures for the contest's academic year, each share with its numerator and denominator."""
    programs = _mentors_programs(nomination)
    completed = programs.count()
    plan_done = programs.filter(completion_reason=CompletionReason.PLAN_DONE).count()
    practices = BestPractice.objects.filter(program__in=programs).count()

    # The latest named overall-satisfaction answer of the year of each mentee of the mentor's pairs.
    latest: dict[int, tuple] = {}
    answers = Answer.objects.filter(
        question__is_overall_satisfaction=True,
        likert__isnull=False,
        response__survey__school_id=nomination.contest.school_id,
        response__invitation__isnull=False,
        response__respondent_role=Participant.Role.MENTEE,
        response__academic_year=nomination.contest.year,
        response__mentorship__participants__person=nomination.mentor,
        response__mentorship__participants__role=Participant.Role.MENTOR,
    ).values_list("response__invitation__person_id", "response__submitted_at", "response_id", "likert")
    for person_id, at, response_id, likert in answers.distinct():
        key = (at or timezone.now(), response_id)
        if person_id not in latest or key > latest[person_id][0]:
            latest[person_id] = (key, likert)
    marks = [likert for _key, likert in latest.values()]
    satisfied = sum(mark >= SATISFIED_FROM for mark in marks)

    return [
        Figure(LABELS["programs_completed"], completed),
        Figure(LABELS["plan_done"], _share(plan_done, completed), plan_done, completed),
        Figure(LABELS["best_practices"], practices),
        Figure(
            LABELS["satisfaction"],
            _share(satisfied, len(marks)),
            satisfied,
            len(marks),
            mean=round(sum(marks) / len(marks), 2) if marks else None,
        ),
    ]


@transaction.atomic
def close(*, contest: Contest, winners, by) -> Contest:
    """The curator (or the director) closes the contest and names its winners, in order of place."""
    _require(by, Action.MANAGE_CONTESTS, contest.school)
    if not contest_open(contest):
        raise ValidationError(_("The contest is already closed."))
    winners = list(winners)
    if not winners:
        raise ValidationError(_("Choose at least one winner."))
    if any(w.contest_id != contest.pk for w in winners):
        raise ValidationError(_("A winner must be nominated for this contest."))
    contest.nominations.update(is_winner=False, place=None)
    for place, nomination in enumerate(winners, start=1):
        nomination.is_winner, nomination.place = True, place
        nomination.save(update_fields=["is_winner", "place"])
    contest.status = ContestStatus.CLOSED
    contest.closed_at = timezone.now()
    contest.save(update_fields=["status", "closed_at"])
    return contest


def award_text(contest: Contest) -> str:
    """The award in the instrumental case, after «Наградить …, учителя, …»; it reads for one or many winners."""
    return f"благодарностью директора за победу в конкурсе «{contest.name}»"


def draft_award(*, contest: Contest, by):
    """Drafts the award order (documents.drafting) for the contest's winners."""
    from documents.drafting import draft_award_order

    _require(by, Action.MANAGE_CONTESTS, contest.school)
    if contest_open(contest):
        raise ValidationError(_("Close the contest and choose its winners first."))
    winners = [n.mentor for n in contest.nominations.filter(is_winner=True).select_related("mentor")]
    document = draft_award_order(school=contest.school, people=winners, award=award_text(contest), by=by)
    contest.award_order = document
    contest.save(update_fields=["award_order"])
    return document

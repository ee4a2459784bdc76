"""Participants' requests about their mentorship, and the curator's answers.

A mentor asks to be relieved of the duties («мотивированное заявление», seed 000 §2.5) or to
end the mentoring early; a mentee asks for another mentor («ходатайство о замене наставника»,
seed 000 §2.8, seed 004 §III.9.1) or to end early. The request waits in the curator's to-do
list; the curator accepts it — the next step is the replacement or the early termination,
each with its order — or refuses it with a reason the requester is told.

Labour Code art. 351.8: the mentoring ends early on three working days' notice. A mentor's
request to step down or to end early is that notice (counted from the day it is made); a
mentee's request becomes the employer's notice to the mentor when the curator accepts it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import record
from audit.models import AuditAction
from mentoring import notice
from mentoring.models import (
    FIXED,
    Mentorship,
    Participant,
    Petition,
    PetitionKind,
    PetitionReason,
    ReplacementReason,
    TerminationReason,
)
from notifications import events

KINDS_OF_ROLE = {
    Participant.Role.MENTOR: (PetitionKind.STEP_DOWN, PetitionKind.END_EARLY),
    Participant.Role.MENTEE: (PetitionKind.ANOTHER_MENTOR, PetitionKind.END_EARLY),
}
# Seed 000 §2.5: a mentor may step down «по причинам личного характера или успешного выполнения
# наставляемым мероприятий» of the program; the mentee does not plead their own success.
MENTOR_ONLY_REASONS = {PetitionReason.PROGRAM_FULFILLED}
REPLACING = (PetitionKind.STEP_DOWN, PetitionKind.ANOTHER_MENTOR)
REPLACEMENT_REASON = {
    PetitionKind.STEP_DOWN: ReplacementReason.MENTOR_REQUEST,
    PetitionKind.ANOTHER_MENTOR: ReplacementReason.MENTEE_REQUEST,
}
TERMINATION_REASON = {
    Participant.Role.MENTOR: TerminationReason.MENTOR_INITIATIVE,
    Participant.Role.MENTEE: TerminationReason.MENTEE_INITIATIVE,
}


def current_participation(user, mentorship: Mentorship) -> Participant | None:
    """The user's current place in the mentorship (a mentor first), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return next(
        (p for p in mentorship.current_participants() if p.person.user_id == user.pk),
        None,
    )


def kinds_for(participant: Participant) -> tuple[str, ...]:
    return KINDS_OF_ROLE[participant.role]


def reasons_for(participant: Participant) -> list[tuple[str, str]]:
    return [
        (value, label)
        for value, label in PetitionReason.choices
        if participant.role == Participant.Role.MENTOR or value not in MENTOR_ONLY_REASONS
    ]


def submission_problems(participant: Participant | None, mentorship: Mentorship) -> list[str]:
    if participant is None:
        return [_("Only a current mentor or mentee of this mentorship can make a request about it.")]
    if mentorship.status not in FIXED:
        return [_("Requests are made about a mentorship fixed by the director's order.")]
    if participant.petitions.filter(state=Petition.State.OPEN).exists():
        return [_("Your previous request is still awaiting an answer: withdraw it or wait for the answer.")]
    return []


@transaction.atomic
def petition_submit(
    *, mentorship: Mentorship, by, kind: str, reason: str, comment: str = "", on: datetime.date | None = None
) -> Petition:
    on = on or timezone.localdate()
    participant = current_participation(by, mentorship)
    problems = submission_problems(participant, mentorship)
    if not problems:
        if kind not in kinds_for(participant):
            problems.append(_("Choose one of the requests offered to you."))
        if reason not in dict(reasons_for(participant)):
            problems.append(_("Choose the reason."))
        if reason == PetitionReason.OTHER and not comment.strip():
            problems.append(_("Say what the other reason is."))
    if problems:
        raise ValidationError(problems)
    petition = Petition.objects.create(
        mentorship=mentorship,
        participant=participant,
        kind=kind,
        reason=reason,
        comment=comment.strip(),
        submitted_on=on,
        # A mentor's request is itself the notice; a mentee's becomes one when accepted.
        earliest_end=notice.earliest_end(on) if participant.role == Participant.Role.MENTOR else None,
        created_by=by,
    )
    record(
        actor=by,
        school=mentorship.school,
        action=AuditAction.CREATE,
        obj=petition,
        changes={"kind": kind, "reason": reason},
    )
    events.announce("petition_submitted", by_id=by.pk, petition_id=petition.pk)
    return petition


def _require_open(petition: Petition) -> None:
    if not petition.is_open:
        raise ValidationError(
            _("The request has already been answered: %(state)s.") % {"state": petition.get_state_display()}
        )


@transaction.atomic
def petition_withdraw(*, petition: Petition, by) -> None:
    _require_open(petition)
    if petition.participant.person.user_id != by.pk:
        raise ValidationError(_("Only the one who made the request can withdraw it."))
    petition.state = Petition.State.WITHDRAWN
    petition.save(update_fields=["state"])
    record(
        actor=by,
        school=petition.mentorship.school,
        action=AuditAction.UPDATE,
        obj=petition,
        changes={"state": "withdrawn"},
    )


@transaction.atomic
def petition_refuse(*, petition: Petition, by, answer: str) -> None:
    _require_open(petition)
    if not (answer or "").strip():
        raise ValidationError(_("Give the reason for the refusal: the requester will read it."))
    _answer(petition, by, Petition.State.REFUSED, answer.strip())


@transaction.atomic
def petition_accept(*, petition: Petition, by, answer: str = "", on: datetime.date | None = None) -> None:
    """Accepting leads into the replacement or the early termination (see ``next_step``)."""
    _require_open(petition)
    if petition.mentorship.status not in FIXED:
        raise ValidationError(
            _("The mentorship is %(status)s: there is nothing left to change.")
            % {"status": petition.mentorship.get_status_display()}
        )
    if petition.earliest_end is None:
        # The employer's notice to the mentor begins with the acceptance.
        petition.earliest_end = notice.earliest_end(on or timezone.localdate())
    _answer(petition, by, Petition.State.ACCEPTED, (answer or "").strip())


def _answer(petition: Petition, by, state: str, answer: str) -> None:
    petition.state = state
    petition.answer = answer
    petition.answered_by = by
    petition.answered_at = timezone.now()
    petition.save(update_fields=["state", "answer", "answered_by", "answered_at", "earliest_end"])
    record(
        actor=by,
        school=petition.mentorship.school,
        action=AuditAction.UPDATE,
        obj=petition,
        changes={"state": state, **({"answer": answer} if answer else {})},
    )
    events.announce("petition_answered", by_id=by.pk, petition_id=petition.pk)


# --- after acceptance ---------------------------------------------------------------


def awaiting_step(petition: Petition) -> bool:
    """Accepted, and its replacement or termination is not recorded yet."""
    if petition.state != Petition.State.ACCEPTED or petition.mentorship.status not in FIXED:
        return False
    if petition.kind in REPLACING:
        return petition.replacement_id is None
    return True


def accepted_for_replacement(mentorship: Mentorship, reason: str) -> Petition | None:
    """The accepted request a replacement with this reason answers, if any."""
    kinds = [kind for kind, replacement_reason in REPLACEMENT_REASON.items() if replacement_reason == reason]
    return (
        mentorship.petitions.filter(state=Petition.State.ACCEPTED, kind__in=kinds, replacement__isnull=True)
        .order_by("answered_at")
        .first()
    )


def replacement_notice_problems(mentorship: Mentorship, reason: str, effective_on: datetime.date) -> list[str]:
    petition = accepted_for_replacement(mentorship, reason)
    if petition is None or petition.earliest_end is None or effective_on >= petition.earliest_end:
        return []
    return [
        _(
            "The new mentor may take over no sooner than %(date)s: three working days after the notice "
            "(Labour Code art. 351.8)."
        )
        % {"date": petition.earliest_end.strftime("%d.%m.%Y")}
    ]


def link_replacement(replacement) -> None:
    petition = accepted_for_replacement(replacement.mentorship, replacement.reason)
    if petition is not None:
        petition.replacement = replacement
        petition.save(update_fields=["replacement"])


def termination_notice_problems(mentorship: Mentorship, reason: str, on: datetime.date) -> list[str]:
    """Art. 351.8: an early end at one side's initiative comes no sooner than three working days
    after the notice."""
    if reason not in TERMINATION_REASON.values():
        return []
    accepted = mentorship.petitions.filter(
        state=Petition.State.ACCEPTED, kind=PetitionKind.END_EARLY, earliest_end__gt=on
    ).first()
    if accepted is None:
        return []
    return [
        _(
            "The mentoring may end early no sooner than %(date)s: three working days after the notice "
            "(Labour Code art. 351.8)."
        )
        % {"date": accepted.earliest_end.strftime("%d.%m.%Y")}
    ]


def open_petitions(school):
    return Petition.objects.for_school(school).filter(state=Petition.State.OPEN)


def accepted_awaiting_step(school):
    """Accepted requests whose replacement or early end is not recorded yet (as ``awaiting_step``)."""
    return (
        Petition.objects.for_school(school)
        .filter(state=Petition.State.ACCEPTED, mentorship__status__in=FIXED)
        .filter(Q(kind=PetitionKind.END_EARLY) | Q(kind__in=REPLACING, replacement__isnull=True))
        .select_related("mentorship", "participant__person", "answered_by")
    )

"""The rules of a mentorship's life: forming, proposing, approving, running, ending.

Each step is a function taking keyword arguments; it checks its guards, raises
``ValidationError`` with every reason in words when a step is not allowed, and
otherwise moves the status along the graph declared on ``Mentorship`` and records
who did it and when. Views call only these.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.log import record
from audit.models import AuditAction
from mentoring.models import (
    ENDED,
    FIXED,
    FORMING,
    LOADING,
    MentoringSettings,
    Mentorship,
    Participant,
    Status,
    StatusChange,
    TerminationReason,
)
from mentoring.petitions import termination_notice_problems
from mentoring.terms import term_problems
from notifications import events
from people.consents import missing_consents
from people.models import ConsentKind, Person


@dataclass
class Check:
    """The outcome of checking a step: problems refuse it, warnings only inform."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def raise_if_refused(self) -> None:
        if self.problems:
            raise ValidationError(self.problems)


# --- load ---------------------------------------------------------------------------


def hard_cap(school) -> int:
    found = MentoringSettings.objects.filter(school=school).values_list("mentor_hard_cap", flat=True).first()
    return found or MentoringSettings._meta.get_field("mentor_hard_cap").default


def mentor_load(person: Person, *, exclude: Mentorship | None = None) -> int:
    """Distinct mentees the person mentors now (proposed, approved or active mentorships)."""
    mentorships = Mentorship.objects.filter(
        status__in=LOADING,
        participants__person=person,
        participants__role=Participant.Role.MENTOR,
        participants__ended_on__isnull=True,
    )
    if exclude is not None and exclude.pk:
        mentorships = mentorships.exclude(pk=exclude.pk)
    return (
        Participant.objects.filter(mentorship__in=mentorships, role=Participant.Role.MENTEE, ended_on__isnull=True)
        .values("person")
        .distinct()
        .count()
    )


def mentees_by_mentor(school) -> dict[int, set[int]]:
    """Each mentor's current mentees (proposed, approved or active mentorships), in one query: what
    ``mentor_load`` counts, for every mentor of the school at once (imports)."""
    found: dict[int, set[int]] = {}
    rows = Participant.objects.filter(
        mentorship__school=school,
        mentorship__status__in=LOADING,
        role=Participant.Role.MENTOR,
        ended_on__isnull=True,
        mentorship__participants__role=Participant.Role.MENTEE,
        mentorship__participants__ended_on__isnull=True,
    ).values_list("person_id", "mentorship__participants__person_id")
    for mentor_id, mentee_id in rows:
        found.setdefault(mentor_id, set()).add(mentee_id)
    return found


def load_check(
    mentor: Person,
    adding: int,
    *,
    mentorship: Mentorship | None = None,
    current: int | None = None,
    cap: int | None = None,
) -> Check:
    """``current`` and ``cap``, when the caller already knows them (an import), save the queries."""
    check = Check()
    total = (mentor_load(mentor, exclude=mentorship) if current is None else current) + adding
    cap = hard_cap(mentor.school) if cap is None else cap
    profile = getattr(mentor, "mentor_profile", None)
    own_max = profile.max_mentees if profile else None
    if total > cap:
        check.problems.append(
            _("%(mentor)s would have %(total)s mentees; the school allows at most %(cap)s.")
            % {"mentor": mentor.short_name, "total": total, "cap": cap}
        )
    elif own_max is not None and total > own_max:
        check.warnings.append(
            _("%(mentor)s would have %(total)s mentees, more than their own maximum of %(max)s.")
            % {"mentor": mentor.short_name, "total": total, "max": own_max}
        )
    return check


# --- forming ------------------------------------------------------------------------


def composition_check(*, form, mentors: list[Person], mentees: list[Person], start, end, on=None) -> Check:
    check = Check()
    on = on or timezone.localdate()
    if not mentors:
        check.problems.append(_("Choose a mentor."))
    if not mentees:
        check.problems.append(_("Choose at least one mentee."))
    if len(mentees) >= 2 and len(mentors) > 1:
        check.problems.append(_("A group has one mentor and two or more mentees."))
    overlap = {p.pk for p in mentors} & {p.pk for p in mentees}
    if overlap:
        check.problems.append(_("A person cannot mentor themselves."))
    for person in mentors:
        if person.kind not in form.mentor_kinds:
            check.problems.append(
                _("In the form «%(form)s» a mentor is %(kinds)s; %(person)s is %(kind)s.")
                % {
                    "form": form,
                    "kinds": form.kinds_label(form.mentor_kinds),
                    "person": person.short_name,
                    "kind": person.get_kind_display(),
                }
            )
    for person in mentees:
        if person.kind not in form.mentee_kinds:
            check.problems.append(
                _("In the form «%(form)s» a mentee is %(kinds)s; %(person)s is %(kind)s.")
                % {
                    "form": form,
                    "kinds": form.kinds_label(form.mentee_kinds),
                    "person": person.short_name,
                    "kind": person.get_kind_display(),
                }
            )
    for person in [*mentors, *mentees]:
        if person.is_archived(on):
            check.problems.append(_("%(person)s has left the school.") % {"person": person.short_name})
    check.problems.extend(term_problems(start, end))
    return check


@transaction.atomic
def mentorship_create(
    *,
    school,
    form,
    mentors: list[Person],
    mentees: list[Person],
    start: datetime.date,
    end: datetime.date,
    by,
    role_model=None,
    modes=(),
    direction: str = "",
) -> tuple[Mentorship, list[str]]:
    """A draft pair or group; returns it with any load warnings."""
    check = composition_check(form=form, mentors=mentors, mentees=mentees, start=start, end=end)
    for mentor in mentors:
        load = load_check(mentor, len(mentees))
        check.warnings.extend(load.warnings)
    check.raise_if_refused()
    mentorship = Mentorship.objects.create(
        school=school,
        form=form,
        role_model=role_model,
        direction=direction,
        planned_start=start,
        planned_end=end,
        created_by=by,
    )
    mentorship.modes.set(modes)
    Participant.objects.bulk_create(
        [Participant(mentorship=mentorship, person=p, role=Participant.Role.MENTOR, started_on=start) for p in mentors]
        + [
            Participant(mentorship=mentorship, person=p, role=Participant.Role.MENTEE, started_on=start)
            for p in mentees
        ]
    )
    StatusChange.objects.create(mentorship=mentorship, from_status="", to_status=Status.DRAFT, by=by)
    return mentorship, check.warnings


def _move(mentorship: Mentorship, step, *, by, note: str = "") -> None:
    before = mentorship.status
    step()
    mentorship.save()
    StatusChange.objects.create(
        mentorship=mentorship, from_status=before, to_status=mentorship.status, by=by, note=note
    )
    from mentoring.cross_school import after_move  # a mentor from another school: their role there

    after_move(mentorship)


# --- consents -----------------------------------------------------------------------


def consent_problems(
    mentorship: Mentorship, on: datetime.date | None = None, in_force: dict[int, set[str]] | None = None
) -> list[str]:
    """``in_force``: the kinds in force of every participant, when read for many pairs at once
    (``people.consents.kinds_in_force``); otherwise read from each person's consents."""
    return consent_problems_of([(p.person, p.role) for p in mentorship.current_participants()], on, in_force)


def consent_problems_of(
    participants: list[tuple[Person, str]],
    on: datetime.date | None = None,
    in_force: dict[int, set[str]] | None = None,
) -> list[str]:
    """What ``consent_problems`` says of a pair still unsaved: ``(person, role)`` of each participant."""
    problems = []
    for person, role in participants:
        known = in_force.get(person.pk, set()) if in_force is not None else None
        missing = missing_consents(person, as_mentor=role == Participant.Role.MENTOR, on=on, in_force=known)
        if missing:
            labels = "; ".join(str(ConsentKind(kind).label) for kind in missing)
            problems.append(
                _("%(person)s has no consent in force: %(kinds)s.") % {"person": person.short_name, "kinds": labels}
            )
    return problems


# --- steps --------------------------------------------------------------------------


def proposal_check(mentorship: Mentorship) -> Check:
    mentors = mentorship.mentors
    mentees = mentorship.mentees
    check = composition_check(
        form=mentorship.form,
        mentors=mentors,
        mentees=mentees,
        start=mentorship.planned_start,
        end=mentorship.planned_end,
    )
    check.problems.extend(consent_problems(mentorship))
    for mentor in mentors:
        load = load_check(mentor, len(mentees), mentorship=mentorship)
        check.problems.extend(load.problems)
        check.warnings.extend(load.warnings)
    return check


@transaction.atomic
def mentorship_propose(*, mentorship: Mentorship, by) -> list[str]:
    """Draft → proposed: only with every participant's consents in force and within the load cap."""
    if mentorship.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be proposed."))
    check = proposal_check(mentorship)
    from mentoring.cross_school import proposal_problems  # a mentor from another school: both agree first

    check.problems.extend(proposal_problems(mentorship))
    check.raise_if_refused()
    _move(mentorship, mentorship.propose, by=by)
    events.announce("pair_proposed", mentorship_id=mentorship.pk, by_id=getattr(by, "pk", None))
    return check.warnings


def pending_order_problems(mentorship: Mentorship, type: str = "order_pairs") -> list[str]:
    """A pair held by an order (of ``type``) on its way to the director changes only through that order."""
    from documents.orders import pending_order_for  # documents build on this app

    order = pending_order_for(mentorship, type)
    if order is None:
        return []
    return [
        _(
            "The pair is in the draft order No. %(number)s «%(title)s»: exclude it from the order first, "
            "or withdraw the order."
        )
        % {"number": order.number, "title": order.title}
    ]


@transaction.atomic
def mentorship_return_to_draft(*, mentorship: Mentorship, by, note: str = "") -> None:
    if mentorship.status != Status.PROPOSED:
        raise ValidationError(_("Only a proposed mentorship can be returned to draft."))
    problems = pending_order_problems(mentorship)
    if problems:
        raise ValidationError(problems)
    _move(mentorship, mentorship.return_to_draft, by=by, note=note)


@transaction.atomic
def mentorship_approve(
    *, mentorship: Mentorship, by, order_number: str, order_date: datetime.date | None, on: datetime.date | None = None
) -> None:
    """Proposed → approved, fixed by the director's order; active at once if its start has come.

    Only two callers (issue 15): the signing of a pair-fixing order of the registry
    (``documents.signing``), and the import of historical pairs with the order they were given.
    No form approves a pair by typing an order number.
    """
    on = on or timezone.localdate()
    problems = []
    if mentorship.status != Status.PROPOSED:
        problems.append(_("Only a proposed mentorship can be approved."))
    if not (order_number or "").strip() or order_date is None:
        problems.append(_("Approval needs the director's order: give its number and date."))
    elif order_date > on:
        problems.append(_("The order date cannot be in the future."))
    problems.extend(consent_problems(mentorship, on))
    from mentoring.cross_school import fixing_problems  # a mentor from another school: their order first

    problems.extend(fixing_problems(mentorship))
    if problems:
        raise ValidationError(problems)
    mentorship.order_number = order_number.strip()
    mentorship.order_date = order_date
    _move(
        mentorship,
        mentorship.approve,
        by=by,
        note=_("Order No. %(number)s of %(date)s")
        % {"number": mentorship.order_number, "date": order_date.strftime("%d.%m.%Y")},
    )
    if mentorship.planned_start <= on:
        _move(mentorship, mentorship.activate, by=by)


@transaction.atomic
def activate_due(*, on: datetime.date | None = None) -> int:
    """Approved mentorships whose start has come become active (run daily by Celery beat)."""
    on = on or timezone.localdate()
    due = Mentorship.objects.filter(status=Status.APPROVED, planned_start__lte=on).select_for_update()
    count = 0
    for mentorship in due:
        _move(mentorship, mentorship.activate, by=None, note=_("The start date has come."))
        count += 1
    return count


@transaction.atomic
def mentorship_complete(*, mentorship: Mentorship, by, on: datetime.date | None = None, note: str = "") -> None:
    if mentorship.status != Status.ACTIVE:
        raise ValidationError(_("Only an active mentorship can be completed."))
    on = on or timezone.localdate()
    if on < mentorship.planned_start:
        raise ValidationError(_("A mentorship cannot end before it started."))
    mentorship.actual_end = on
    _move(mentorship, mentorship.complete, by=by, note=note)


def termination_problems(mentorship: Mentorship, reason: str, on: datetime.date) -> list[str]:
    """Why the pair cannot end early for this reason on this day (seed 000 §6.3; art. 351.8)."""
    if mentorship.status in FORMING:
        return [
            _("The pair is not approved by order yet, so it cannot be terminated early: mark it as not formed instead.")
        ]
    if mentorship.status not in FIXED:
        return [_("This mentorship has already ended.")]
    if reason not in TerminationReason.values:
        return [_("Choose the reason for termination.")]
    if reason == TerminationReason.NOT_FORMED:
        return [_("A pair approved by order was formed: choose another reason for termination.")]
    if on > mentorship.planned_end:
        return [
            _("The pair's term ends on %(date)s: an early end comes before it.")
            % {"date": _date(mentorship.planned_end)}
        ]
    return termination_notice_problems(mentorship, reason, on)


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


@transaction.atomic
def termination_propose(*, mentorship: Mentorship, by, reason: str, note: str = "", on: datetime.date) -> None:
    """The curator records an early end (seed 000 §6.3): the pair ends on ``on`` once the director
    signs the termination order (seed 004 §III.9: ending a mentor's duties is the head's decision)."""
    if mentorship.termination_proposed:
        raise ValidationError(
            _("An early end from %(date)s already waits for its order.") % {"date": _date(mentorship.termination_on)}
        )
    if problems := termination_problems(mentorship, reason, on):
        raise ValidationError(problems)
    mentorship.termination_reason = reason
    mentorship.termination_note = note
    mentorship.termination_on = on
    mentorship.save(update_fields=["termination_reason", "termination_note", "termination_on"])
    StatusChange.objects.create(
        mentorship=mentorship,
        from_status=mentorship.status,
        to_status=mentorship.status,
        by=by if getattr(by, "is_authenticated", False) else None,
        note=_("Early end proposed from %(date)s (%(reason)s); it takes effect by the director's order.")
        % {"date": _date(on), "reason": TerminationReason(reason).label},
    )
    record(
        actor=by,
        school=mentorship.school,
        action=AuditAction.UPDATE,
        obj=mentorship,
        changes={"termination_on": _date(on), "termination_reason": reason},
    )


@transaction.atomic
def termination_cancel(*, mentorship: Mentorship, by) -> None:
    """Takes back a proposed early end that no order holds."""
    if not mentorship.termination_proposed:
        raise ValidationError(_("No early end of this pair waits for an order."))
    if problems := pending_order_problems(mentorship, "order_termination"):
        raise ValidationError(problems)
    mentorship.termination_reason = ""
    mentorship.termination_note = ""
    mentorship.termination_on = None
    mentorship.save(update_fields=["termination_reason", "termination_note", "termination_on"])
    StatusChange.objects.create(
        mentorship=mentorship,
        from_status=mentorship.status,
        to_status=mentorship.status,
        by=by if getattr(by, "is_authenticated", False) else None,
        note=_("The proposed early end is taken back."),
    )


@transaction.atomic
def mentorship_terminate(
    *, mentorship: Mentorship, by, reason: str, note: str = "", on: datetime.date | None = None
) -> None:
    """Ends early a mentorship an order fixed, for a recorded reason: the consequence of the signed
    termination order (``documents.signing``) — not a step a form takes by itself.

    A draft or proposed pair is never terminated: dropped, it was not formed (``mentorship_drop``).
    """
    on = on or timezone.localdate()
    if problems := termination_problems(mentorship, reason, on):
        raise ValidationError(problems)
    mentorship.termination_reason = reason
    mentorship.termination_note = note
    mentorship.termination_on = on
    mentorship.actual_end = max(on, mentorship.planned_start) if mentorship.status == Status.ACTIVE else on
    _move(mentorship, mentorship.terminate, by=by, note=note)


# --- extending the term (seed 000 §6.4) ------------------------------------------------


@transaction.atomic
def extension_request(*, mentorship: Mentorship, to: datetime.date, by, note: str = "") -> None:
    """Mentor and mentee agreed to carry the program on past the pair's term: the new term waits
    for the director's extension order (the term is the order's, Labour Code art. 351.8)."""
    if mentorship.status not in FIXED:
        raise ValidationError(_("Only a pair fixed by order and still running has its term extended."))
    if to <= mentorship.planned_end:
        raise ValidationError(
            _("The pair's term already runs until %(date)s.") % {"date": _date(mentorship.planned_end)}
        )
    if problems := pending_order_problems(mentorship, "order_extension"):
        raise ValidationError(problems)
    mentorship.extension_to = to
    mentorship.save(update_fields=["extension_to"])
    StatusChange.objects.create(
        mentorship=mentorship,
        from_status=mentorship.status,
        to_status=mentorship.status,
        by=by if getattr(by, "is_authenticated", False) else None,
        note=(
            _("The term is extended by mutual agreement until %(date)s; it takes effect by the director's order.")
            % {"date": _date(to)}
            + (f" {note}" if note else "")
        ),
    )


@transaction.atomic
def extension_apply(*, mentorship: Mentorship, by, note: str) -> datetime.date:
    """The extension order is signed: the pair's term is the agreed one. Returns the old end."""
    if not mentorship.extension_proposed:
        raise ValidationError(
            _("%(pair)s has no extension waiting for an order (%(status)s): remove it from the order.")
            % {"pair": mentorship, "status": mentorship.get_status_display()}
        )
    previous = mentorship.planned_end
    mentorship.planned_end = mentorship.extension_to
    mentorship.extension_to = None
    mentorship.save(update_fields=["planned_end", "extension_to"])
    StatusChange.objects.create(
        mentorship=mentorship, from_status=mentorship.status, to_status=mentorship.status, by=by, note=note
    )
    return previous


@transaction.atomic
def extension_undo(*, mentorship: Mentorship, by, previous_end: datetime.date, note: str) -> None:
    """The extension order did not stand: the old term again, the extension waiting for an order."""
    if mentorship.status not in FIXED:
        raise ValidationError(
            _("%(pair)s has ended (%(status)s): the order cannot be undone.")
            % {"pair": mentorship, "status": mentorship.get_status_display()}
        )
    mentorship.extension_to = mentorship.planned_end
    mentorship.planned_end = previous_end
    mentorship.save(update_fields=["planned_end", "extension_to"])
    StatusChange.objects.create(
        mentorship=mentorship, from_status=mentorship.status, to_status=mentorship.status, by=by, note=note
    )


@transaction.atomic
def mentorship_resume(*, mentorship: Mentorship, by, note: str) -> None:
    """Undoes an early end an order decided: the pair is as before the order, its early end again
    waiting for an order."""
    if mentorship.status != Status.TERMINATED:
        raise ValidationError(
            _("%(pair)s is no longer terminated (%(status)s): the order cannot be undone.")
            % {"pair": mentorship, "status": mentorship.get_status_display()}
        )
    before = StatusChange.objects.filter(mentorship=mentorship, to_status=Status.TERMINATED).order_by("-at", "-pk")
    previous = before.values_list("from_status", flat=True).first()
    status = Status.ACTIVE if previous == Status.ACTIVE else Status.APPROVED
    mentorship.actual_end = None
    _move(mentorship, lambda: mentorship.resume(status), by=by, note=note)


@transaction.atomic
def mentorship_drop(
    *,
    mentorship: Mentorship,
    by,
    reason: str = TerminationReason.NOT_FORMED,
    note: str = "",
    on: datetime.date | None = None,
) -> None:
    """A draft or proposed pair dropped before an order fixed it: «не сформирована».

    Such a pair never existed for the load or the indicators; it stays on record, shown apart.
    """
    if mentorship.status in FIXED:
        raise ValidationError(
            _("The pair is approved by order: it cannot be marked as not formed, only terminated early.")
        )
    if mentorship.status not in FORMING:
        raise ValidationError(_("This mentorship has already ended."))
    if reason not in TerminationReason.values:
        raise ValidationError(_("Choose the reason for termination."))
    problems = pending_order_problems(mentorship)
    if problems:
        raise ValidationError(problems)
    mentorship.termination_reason = reason
    mentorship.termination_note = note
    mentorship.actual_end = on or timezone.localdate()
    _move(mentorship, mentorship.drop, by=by, note=note)


# --- an order that did not stand ----------------------------------------------------


@transaction.atomic
def mentorship_revoke_approval(*, mentorship: Mentorship, by, order_number: str, note: str) -> None:
    """Undoes the approval an order gave: the pair is proposed again, as before the order."""
    if mentorship.status not in FIXED or mentorship.order_number != order_number:
        raise ValidationError(
            _("%(pair)s is no longer as the order No. %(number)s left it (%(status)s): the order cannot be undone.")
            % {"pair": mentorship, "number": order_number, "status": mentorship.get_status_display()}
        )
    mentorship.order_number = ""
    mentorship.order_date = None
    _move(mentorship, mentorship.revoke_approval, by=by, note=note)


@transaction.atomic
def mentorship_reopen(*, mentorship: Mentorship, by, note: str) -> None:
    """Undoes a completion an order decided: the pair is active again."""
    if mentorship.status != Status.COMPLETED:
        raise ValidationError(
            _("%(pair)s is no longer completed (%(status)s): the order cannot be undone.")
            % {"pair": mentorship, "status": mentorship.get_status_display()}
        )
    mentorship.actual_end = None
    _move(mentorship, mentorship.reopen, by=by, note=note)


# --- a draft made by mistake --------------------------------------------------------


def _owned_by_the_draft(model) -> bool:
    """What a draft's deletion may take along: its own periods, status history and modes."""
    return model in (Mentorship, Participant, StatusChange, Mentorship.modes.through)


def _referring_models(mentorship: Mentorship) -> list[str]:
    """Names of whatever else refers to the mentorship and would go (or be orphaned) with it."""
    collector = Collector(using=router.db_for_write(Mentorship))
    try:
        collector.collect([mentorship])
    except (ProtectedError, RestrictedError) as error:
        blocking = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
        return sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
    models = {model for model, instances in collector.data.items() if instances}
    models |= {qs.model for qs in collector.fast_deletes if qs.exists()}
    for (updated, _value), objects in collector.field_updates.items():
        if any(o.exists() if hasattr(o, "exists") else o for o in objects):
            models.add(updated.model)
    names = set()
    for model in models:
        if _owned_by_the_draft(model):
            continue
        if model._meta.auto_created:  # a many-to-many row: name the model that declares the relation
            model = model._meta.auto_created
        names.add(str(model._meta.verbose_name_plural))
    return sorted(names)


def deletion_problems(mentorship: Mentorship) -> list[str]:
    """Why the mentorship cannot be deleted; empty for a draft made by mistake (issue 15).

    Only a draft that never went further (no proposal, no program, no documents, nothing else
    referring to it) may be deleted; anything else is kept and marked as not formed.
    """
    if mentorship.status != Status.DRAFT:
        return [_("Only a draft can be deleted; a pair that went further is marked as not formed.")]
    problems = []
    went_further = (
        StatusChange.objects.filter(mentorship=mentorship)
        .exclude(from_status__in=("", Status.DRAFT), to_status=Status.DRAFT)
        .exists()
    )
    if went_further:
        problems.append(_("The draft was proposed before: its history is kept, mark it as not formed instead."))
    referring = _referring_models(mentorship)
    if referring:
        problems.append(
            _("The draft is referred to by: %(what)s. Mark it as not formed instead.") % {"what": ", ".join(referring)}
        )
    return problems


@transaction.atomic
def mentorship_delete(*, mentorship: Mentorship, by) -> None:
    """Deletes a draft made by mistake, leaving its trace in the audit log."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    problems = deletion_problems(mentorship)
    if problems:
        raise ValidationError(problems)
    people = "; ".join(
        f"{p.person.short_name} ({p.get_role_display()})" for p in mentorship.participants.select_related("person")
    )
    record(
        actor=by,
        school=mentorship.school,
        action=AuditAction.DELETE,
        obj=mentorship,
        changes={
            "status": [mentorship.status, None],
            "form": [str(mentorship.form), None],
            "planned_start": [mentorship.planned_start.isoformat(), None],
            "planned_end": [mentorship.planned_end.isoformat(), None],
            "participant": [people, None],
        },
    )
    mentorship.delete()


# --- consent withdrawn mid-way -----------------------------------------------------


def flag_withdrawn_consent(*, consent, on: datetime.date) -> int:
    """A participant withdrew a consent: flag their open mentorships to the curator."""
    affected = Mentorship.objects.filter(
        status__in=LOADING, participants__person_id=consent.person_id, participants__ended_on__isnull=True
    ).distinct()
    note = _("%(person)s withdrew the consent «%(kind)s» on %(date)s.") % {
        "person": consent.person.short_name,
        "kind": consent.get_kind_display(),
        "date": on.strftime("%d.%m.%Y"),
    }
    count = 0
    for mentorship in affected:
        mentorship.consent_alert = f"{mentorship.consent_alert}\n{note}".strip()
        mentorship.save(update_fields=["consent_alert"])
        count += 1
    return count


def clear_consent_alert(*, mentorship: Mentorship, by) -> None:
    mentorship.consent_alert = ""
    mentorship.save(update_fields=["consent_alert"])
    StatusChange.objects.create(
        mentorship=mentorship,
        from_status=mentorship.status,
        to_status=mentorship.status,
        by=by,
        note=_("Consent alert resolved."),
    )


def people_with_running_mentorship(school, on: datetime.date) -> set[int]:
    """Mentees of an approved or active mentorship on ``on`` (for the bank's «needs a mentor» list)."""
    return set(
        Participant.objects.filter(
            mentorship__school=school,
            mentorship__status__in=LOADING,
            role=Participant.Role.MENTEE,
            ended_on__isnull=True,
        )
        .filter(Q(mentorship__planned_end__gte=on))
        .values_list("person_id", flat=True)
    )


def default_form_for(*, school, mentor: Person, mentees: list[Person]):
    """The first active form of the school that allows this mentor and these mentees."""
    from mentoring.models import MentoringForm

    for form in MentoringForm.objects.for_school(school).filter(is_active=True):
        if mentor.kind in form.mentor_kinds and all(m.kind in form.mentee_kinds for m in mentees):
            return form
    return None


EDITABLE_WHEN_RUNNING = {"role_model", "modes", "direction"}


@transaction.atomic
def mentorship_update(*, mentorship: Mentorship, by, **fields) -> None:
    """Edits a mentorship: everything while a draft; only role model, modes and direction once
    proposed or later (the people and the term are fixed by the order; change them by replacement
    or a program correction)."""
    if mentorship.status in ENDED:
        raise ValidationError(_("This mentorship has already ended."))
    if mentorship.status != Status.DRAFT:
        locked = set(fields) - EDITABLE_WHEN_RUNNING
        if locked:
            raise ValidationError(_("After the proposal only the role model, modes and direction can be changed."))
    modes = fields.pop("modes", None)
    mentors = fields.pop("mentors", None)
    mentees = fields.pop("mentees", None)
    changed_people = (mentors is not None and {p.pk for p in mentors} != {p.pk for p in mentorship.mentors}) or (
        mentees is not None and {p.pk for p in mentees} != {p.pk for p in mentorship.mentees}
    )
    if changed_people and hasattr(mentorship, "cross_link"):
        raise ValidationError(
            _("The people of a pair with a mentor from another school are the ones both schools agreed to.")
        )
    if mentorship.status == Status.DRAFT:
        check = composition_check(
            form=fields.get("form", mentorship.form),
            mentors=list(mentors) if mentors is not None else mentorship.mentors,
            mentees=list(mentees) if mentees is not None else mentorship.mentees,
            start=fields.get("planned_start", mentorship.planned_start),
            end=fields.get("planned_end", mentorship.planned_end),
        )
        check.raise_if_refused()
    for name, value in fields.items():
        setattr(mentorship, name, value)
    mentorship.save()
    if modes is not None:
        mentorship.modes.set(modes)
    if mentors is not None or mentees is not None:
        start = mentorship.planned_start
        mentorship.participants.all().delete()
        Participant.objects.bulk_create(
            [
                Participant(mentorship=mentorship, person=p, role=Participant.Role.MENTOR, started_on=start)
                for p in mentors or []
            ]
            + [
                Participant(mentorship=mentorship, person=p, role=Participant.Role.MENTEE, started_on=start)
                for p in mentees or []
            ]
        )
    StatusChange.objects.create(
        mentorship=mentorship, from_status=mentorship.status, to_status=mentorship.status, by=by, note=_("Edited.")
    )

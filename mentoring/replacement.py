"""Replacing a mentor (seed 004 §III.9): recorded with its reason, applied by order."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring import petitions
from mentoring.lifecycle import load_check
from mentoring.models import ENDED, LOADING, Mentorship, Participant, Replacement, ReplacementReason, StatusChange
from people.consents import missing_consents
from people.models import ConsentKind, Person


@transaction.atomic
def replacement_request(
    *,
    mentorship: Mentorship,
    outgoing: Person,
    incoming: Person,
    reason: str,
    effective_on: datetime.date,
    by,
    note: str = "",
) -> Replacement:
    problems = []
    if mentorship.status not in LOADING:
        problems.append(_("Only a proposed, approved or active mentorship can change its mentor."))
    period = next(
        (p for p in mentorship.current_participants(Participant.Role.MENTOR) if p.person_id == outgoing.pk), None
    )
    if period is None:
        problems.append(_("%(person)s is not a current mentor of this mentorship.") % {"person": outgoing.short_name})
    if incoming.pk == outgoing.pk or incoming.pk in {p.pk for p in mentorship.mentees}:
        problems.append(_("Choose another person as the new mentor."))
    if incoming.kind not in mentorship.form.mentor_kinds:
        problems.append(
            _("In the form «%(form)s» a mentor is %(kinds)s.")
            % {"form": mentorship.form, "kinds": mentorship.form.kinds_label(mentorship.form.mentor_kinds)}
        )
    if period is not None and effective_on <= period.started_on:
        problems.append(_("The replacement must take effect after the current mentor's period began."))
    if mentorship.replacements.filter(state=Replacement.State.AWAITING_ORDER).exists():
        problems.append(_("A replacement of this mentorship is already awaiting its order."))
    missing = missing_consents(incoming, as_mentor=True, on=effective_on)
    if missing:
        problems.append(
            _("%(person)s has no consent in force: %(kinds)s.")
            % {"person": incoming.short_name, "kinds": "; ".join(str(ConsentKind(k).label) for k in missing)}
        )
    problems.extend(load_check(incoming, len(mentorship.mentees)).problems)
    problems.extend(petitions.replacement_notice_problems(mentorship, reason, effective_on))
    if reason == ReplacementReason.OTHER and not note.strip():
        problems.append(_("Say in the note what the other reason is."))
    if problems:
        raise ValidationError(problems)
    replacement = Replacement.objects.create(
        mentorship=mentorship,
        outgoing=period,
        incoming=incoming,
        reason=reason,
        note=note,
        effective_on=effective_on,
        created_by=by,
    )
    petitions.link_replacement(replacement)
    return replacement


@transaction.atomic
def replacement_apply(
    *, replacement: Replacement, order_number: str, order_date: datetime.date | None, by
) -> Participant:
    """The order is given: the old mentor's period closes the day before, the new one's starts."""
    if replacement.state != Replacement.State.AWAITING_ORDER:
        raise ValidationError(_("This replacement has already been applied."))
    if replacement.mentorship.status in ENDED:
        raise ValidationError(
            _("The mentorship has ended (%(status)s): its mentor is not replaced any more.")
            % {"status": replacement.mentorship.get_status_display()}
        )
    if not (order_number or "").strip() or order_date is None:
        raise ValidationError(_("Applying a replacement needs its order: give the number and date."))
    outgoing = replacement.outgoing
    outgoing.ended_on = replacement.effective_on - datetime.timedelta(days=1)
    outgoing.end_reason = str(replacement.get_reason_display())
    outgoing.save(update_fields=["ended_on", "end_reason"])
    incoming = Participant.objects.create(
        mentorship=replacement.mentorship,
        person=replacement.incoming,
        role=Participant.Role.MENTOR,
        started_on=replacement.effective_on,
    )
    replacement.state = Replacement.State.APPLIED
    replacement.order_number = order_number.strip()
    replacement.order_date = order_date
    replacement.save(update_fields=["state", "order_number", "order_date"])
    status = replacement.mentorship.status
    StatusChange.objects.create(
        mentorship=replacement.mentorship,
        from_status=status,
        to_status=status,
        by=by,
        note=_("Mentor replaced: %(old)s → %(new)s (%(reason)s), order No. %(number)s of %(date)s.")
        % {
            "old": outgoing.person.short_name,
            "new": replacement.incoming.short_name,
            "reason": replacement.get_reason_display(),
            "number": replacement.order_number,
            "date": order_date.strftime("%d.%m.%Y"),
        },
    )
    return incoming

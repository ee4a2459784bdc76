"""Pairs and groups whose mentor works in another school of the municipality (issue 18, item 3).

The story: the municipal coordinator (or a school's curator) proposes the pair; the curators (or
directors) of both schools agree; the mentor's school's director signs the order assigning the
employee the extra duty of mentoring another school's teacher (Labour Code art. 351.8); only then
the mentee's school's director fixes the pair by the usual pair-fixing order.

The pair lives in the mentee's school (``Mentorship.school``, «the host»); the mentor's
``Participant.person`` is the mentor's person in their own school's bank. While a fixed pair keeps
the mentor there, the mentor's account holds the mentor's role in the host school, so they switch
school in the header and work on the pair like any mentor. The mentor's school reads the pair
(``CrossSchoolLink.objects.for_school``) without changing it.

Every step is a function that checks its guards and raises ``ValidationError`` with the reasons
in words; views call only these.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Action
from accounts.roles import Role
from audit.log import record
from audit.models import AuditAction
from mentoring import lifecycle
from mentoring.models import FIXED, FORMING, CrossSchoolLink, MentoringForm, Mentorship, Participant, Status
from notifications import events
from people.models import Person

SIGNED = "signed"  # documents.models.DocumentStatus.SIGNED (documents build on this app)


# --- who may be chosen ------------------------------------------------------------------


def consenting(municipality, on: datetime.date | None = None):
    from municipal.bank import consenting_people

    return consenting_people(municipality, on).select_related("school")


def mentor_candidates(municipality, *, other_than=None, on=None):
    """The municipality's consenting people in the mentor bank (of schools other than ``other_than``)."""
    people = consenting(municipality, on).filter(mentor_profile__isnull=False)
    if other_than is not None:
        people = people.exclude(school=other_than)
    return people.order_by("last_name", "first_name", "patronymic")


def mentee_candidates(municipality, *, school=None, on=None):
    """The municipality's consenting people in the mentee bank (of ``school`` only, if given)."""
    people = consenting(municipality, on).filter(mentee_profile__isnull=False)
    if school is not None:
        people = people.filter(school=school)
    return people.order_by("last_name", "first_name", "patronymic")


def form_names(municipality) -> list[str]:
    """The forms of mentoring the municipality's schools use, by name (each school has its catalog)."""
    return sorted(
        set(
            MentoringForm.objects.filter(school__municipality=municipality, is_active=True).values_list(
                "name", flat=True
            )
        )
    )


# --- proposing --------------------------------------------------------------------------


def _manages(user, school) -> bool:
    return user.has_perm(Action.MANAGE_MENTORSHIPS, school)


def composition_problems(*, municipality, mentor: Person, mentees: list[Person], on=None) -> list[str]:
    """Why this mentor and these mentees cannot form a pair across schools of the municipality."""
    on = on or timezone.localdate()
    problems = []
    if not mentees:
        return [_("Choose at least one mentee.")]
    host = mentees[0].school
    if any(m.school_id != host.pk for m in mentees):
        problems.append(_("The mentees of one group work in one school."))
    if mentor.school_id == host.pk:
        problems.append(
            _("%(person)s works in the mentees' school: form the pair in the school itself.")
            % {"person": mentor.short_name}
        )
    if host.municipality_id != municipality.pk or mentor.school.municipality_id != municipality.pk:
        problems.append(_("Both schools must belong to the same municipality."))
    sharing = set(
        consenting(municipality, on).filter(pk__in=[mentor.pk, *[m.pk for m in mentees]]).values_list("pk", flat=True)
    )
    for person in [mentor, *mentees]:
        if person.pk not in sharing:
            problems.append(
                _("%(person)s has not consented to share their data with the municipality.")
                % {"person": person.short_name}
            )
    if not hasattr(mentor, "mentor_profile"):
        problems.append(_("%(person)s is not in the mentor bank.") % {"person": mentor.short_name})
    return problems


@transaction.atomic
def propose(
    *,
    municipality,
    mentor: Person,
    mentees: list[Person],
    form_name: str,
    start: datetime.date,
    end: datetime.date,
    by,
    direction: str = "",
) -> tuple[CrossSchoolLink, list[str]]:
    """A draft pair in the mentees' school with the mentor of another school, waiting for both
    schools' agreement. A school's curator proposing it agrees for that school at once."""
    mentees = list(mentees)
    problems = composition_problems(municipality=municipality, mentor=mentor, mentees=mentees)
    if problems:
        raise ValidationError(problems)
    host = mentees[0].school
    by_municipality = by.has_perm(Action.PROPOSE_CROSS_PAIR, municipality)
    for_host, for_mentor_school = _manages(by, host), _manages(by, mentor.school)
    if not (by_municipality or for_host or for_mentor_school):
        raise ValidationError(_("Only the municipal coordinator or one of the two schools' curators proposes it."))
    form = MentoringForm.objects.for_school(host).filter(name=form_name, is_active=True).first()
    if form is None:
        raise ValidationError(
            _("%(school)s has no form of mentoring «%(form)s»: choose another.") % {"school": host, "form": form_name}
        )
    mentorship, warnings = lifecycle.mentorship_create(
        school=host, form=form, mentors=[mentor], mentees=mentees, start=start, end=end, by=by, direction=direction
    )
    check = lifecycle.proposal_check(mentorship)
    check.raise_if_refused()
    now = timezone.now()
    link = CrossSchoolLink.objects.create(
        mentorship=mentorship,
        mentor_school=mentor.school,
        municipality=municipality,
        proposed_by=by,
        proposed_by_municipality=by_municipality and not (for_host or for_mentor_school),
        host_agreed_by=by if for_host else None,
        host_agreed_at=now if for_host else None,
        mentor_school_agreed_by=by if for_mentor_school else None,
        mentor_school_agreed_at=now if for_mentor_school else None,
    )
    _note(mentorship, by, _("Proposed as a pair with a mentor from %(school)s.") % {"school": mentor.school})
    for school in (host, mentor.school):
        record(
            actor=by,
            school=school,
            action=AuditAction.CREATE,
            obj=link,
            changes={"mentor": mentor.short_name, "mentees": ", ".join(m.short_name for m in mentees)},
        )
    events.announce("cross_pair_proposed", link_id=link.pk, by_id=getattr(by, "pk", None))
    return link, sorted(set(warnings + check.warnings))


def _note(mentorship, by, note: str) -> None:
    from mentoring.models import StatusChange

    StatusChange.objects.create(
        mentorship=mentorship,
        from_status=mentorship.status,
        to_status=mentorship.status,
        by=by if getattr(by, "is_authenticated", False) else None,
        note=note,
    )


# --- agreeing ---------------------------------------------------------------------------


def sides_of(link: CrossSchoolLink, school) -> list[str]:
    """Which side(s) ``school`` is of the link: "host", "mentor"."""
    sides = []
    if school is not None and link.mentorship.school_id == school.pk:
        sides.append("host")
    if school is not None and link.mentor_school_id == school.pk:
        sides.append("mentor")
    return sides


def waits_for(link: CrossSchoolLink, school) -> bool:
    """The school has not agreed yet to a link still open for agreement."""
    if link.is_refused or link.mentorship.status not in FORMING:
        return False
    return ("host" in sides_of(link, school) and link.host_agreed_at is None) or (
        "mentor" in sides_of(link, school) and link.mentor_school_agreed_at is None
    )


def agreement_problems(link: CrossSchoolLink, school, by) -> list[str]:
    if link.is_refused:
        return [_("The proposal was refused.")]
    if link.mentorship.status not in FORMING:
        return [_("The pair is no longer being formed.")]
    if not sides_of(link, school):
        return [_("The pair does not concern this school.")]
    if not _manages(by, school):
        return [_("Only the school's curator or director agrees.")]
    if not waits_for(link, school):
        return [_("The school has already agreed.")]
    return []


@transaction.atomic
def agree(*, link: CrossSchoolLink, school, by) -> None:
    """``school`` agrees. When both have agreed the pair is proposed for the order, and the mentor's
    school's order is drafted and sent to its director."""
    link = (
        CrossSchoolLink.objects.select_for_update()
        .select_related("mentorship__school", "mentor_school")
        .get(pk=link.pk)
    )
    if problems := agreement_problems(link, school, by):
        raise ValidationError(problems)
    now = timezone.now()
    sides = sides_of(link, school)
    if "host" in sides and link.host_agreed_at is None:
        link.host_agreed_by, link.host_agreed_at = by, now
    if "mentor" in sides and link.mentor_school_agreed_at is None:
        link.mentor_school_agreed_by, link.mentor_school_agreed_at = by, now
    link.save()
    _note(link.mentorship, by, _("%(school)s agreed to the pair.") % {"school": school})
    if link.is_agreed:
        _both_agreed(link, by)


def _both_agreed(link: CrossSchoolLink, by) -> None:
    from documents.drafting import draft_external_mentor_order
    from documents.signing import send_for_signature

    mentorship = link.mentorship
    lifecycle.mentorship_propose(mentorship=mentorship, by=by)
    author = link.mentor_school_agreed_by or by
    document = draft_external_mentor_order(link=link, by=author)
    link.mentor_order = document
    link.save(update_fields=["mentor_order"])
    send_for_signature(document=document, by=author)
    events.announce("cross_pair_agreed", link_id=link.pk, by_id=getattr(by, "pk", None))


@transaction.atomic
def refuse(*, link: CrossSchoolLink, school, by, reason: str) -> None:
    """``school`` refuses the proposal: the pair is not formed (a pending mentor's order is withdrawn)."""
    from documents.orders import PENDING, withdraw

    link = (
        CrossSchoolLink.objects.select_for_update()
        .select_related("mentorship__school", "mentor_school")
        .get(pk=link.pk)
    )
    reason = (reason or "").strip()
    problems = []
    if not reason:
        problems.append(_("Say why the school refuses."))
    if link.is_refused:
        problems.append(_("The proposal was refused."))
    elif link.mentorship.status not in FORMING:
        problems.append(_("The pair is no longer being formed."))
    elif link.mentor_order_signed:
        problems.append(_("The mentor's school's order is signed: the pair can no longer be refused."))
    if not sides_of(link, school):
        problems.append(_("The pair does not concern this school."))
    elif not _manages(by, school):
        problems.append(_("Only the school's curator or director agrees."))
    if problems:
        raise ValidationError(problems)
    if link.mentor_order_id and link.mentor_order.status in PENDING:
        withdraw(document=link.mentor_order, by=by, reason=reason)
    link.refused_by, link.refused_at, link.refusal_reason = by, timezone.now(), reason
    link.save()
    note = _("%(school)s refused: %(reason)s") % {"school": school, "reason": reason}
    lifecycle.mentorship_drop(mentorship=link.mentorship, by=by, note=note)


# --- the orders -------------------------------------------------------------------------


def link_of(mentorship) -> CrossSchoolLink | None:
    try:
        return mentorship.cross_link
    except CrossSchoolLink.DoesNotExist:
        return None


def fixing_problems(mentorship) -> list[str]:
    """Why the host's pair-fixing order cannot fix this pair yet (empty for a pair of one school).
    Read afresh: the mentor's school's order may have been signed since the pair was loaded."""
    link = CrossSchoolLink.objects.select_related("mentor_school", "mentor_order").filter(mentorship=mentorship).first()
    if link is None:
        return []
    if link.is_refused:
        return [_("%(pair)s: the proposal was refused.") % {"pair": mentorship}]
    if not link.is_agreed:
        return [
            _("%(pair)s: both schools must agree to the pair with a mentor from another school first.")
            % {"pair": mentorship}
        ]
    if not link.mentor_order_signed:
        return [
            _(
                "%(pair)s: the mentor works in %(school)s; the pair is fixed once that school's director "
                "has signed the order assigning the mentor."
            )
            % {"pair": mentorship, "school": link.mentor_school}
        ]
    return []


def proposal_problems(mentorship) -> list[str]:
    """A pair with a mentor from another school is proposed for the order only by both schools' agreement."""
    link = link_of(mentorship)
    if link is None or link.is_agreed:
        return []
    return [_("The pair with a mentor from another school is proposed once both schools agree.")]


def awaiting_mentor_order():
    """Mentorship ids whose mentor's school's order is not signed yet (not offered for the pair order)."""
    return CrossSchoolLink.objects.exclude(mentor_order__status=SIGNED).values("mentorship_id")


def mentor_order_signed(document, by) -> dict:
    """The consequence of the signed order of the mentor's school: the host may fix the pair now."""
    link = CrossSchoolLink.objects.select_related("mentorship").filter(mentor_order=document).first()
    if link is None:
        raise ValidationError(_("The order is not linked to a pair with a mentor from another school."))
    if link.is_refused or link.mentorship.status != Status.PROPOSED:
        raise ValidationError(
            _("%(pair)s is no longer waiting for this order (%(status)s).")
            % {"pair": link.mentorship, "status": link.mentorship.get_status_display()}
        )
    _note(
        link.mentorship,
        by,
        _("%(school)s signed order No. %(number)s assigning the mentor: the pair may be fixed by order.")
        % {"school": link.mentor_school, "number": document.number},
    )
    return {}


# --- the mentor's role in the host school ------------------------------------------------


def sync_role(link: CrossSchoolLink) -> None:
    """The mentor holds the mentor's role in the host school while a fixed pair keeps them there."""
    from accounts.models import Membership
    from accounts.services import role_grant, role_revoke

    host = link.mentorship.school
    users = {
        p.person.user.pk: p.person.user
        for p in link.mentorship.participants.select_related("person__user")
        if p.role == Participant.Role.MENTOR and p.person.user_id is not None
    }
    for user_id, user in users.items():
        needed = Mentorship.objects.filter(
            school=host,
            status__in=FIXED,
            cross_link__isnull=False,
            participants__person__user_id=user_id,
            participants__role=Participant.Role.MENTOR,
            participants__ended_on__isnull=True,
        ).exists()
        held = Membership.objects.filter(user_id=user_id, school=host, role=Role.MENTOR).exists()
        granted = CrossSchoolLink.objects.filter(
            mentorship__school=host, granted_role=True, mentorship__participants__person__user_id=user_id
        )
        if needed and not held:
            role_grant(user=user, role=Role.MENTOR, school=host)
            CrossSchoolLink.objects.filter(pk=link.pk).update(granted_role=True)
        elif not needed and held and granted.exists():
            role_revoke(user=user, role=Role.MENTOR, school=host)
            CrossSchoolLink.objects.filter(pk__in=granted.values("pk")).update(granted_role=False)


def after_move(mentorship) -> None:
    """Called by the lifecycle after every status change."""
    link = CrossSchoolLink.objects.filter(mentorship=mentorship).select_related("mentorship__school").first()
    if link is not None:
        sync_role(link)


# --- reading ----------------------------------------------------------------------------


def links_for_school(school):
    return (
        CrossSchoolLink.objects.for_school(school)
        .select_related("mentorship__school", "mentor_school", "mentor_order", "proposed_by")
        .prefetch_related("mentorship__participants__person")
    )


def waiting_for_school(school):
    """Links the school has not agreed to yet, still open for agreement."""
    if school is None:
        return CrossSchoolLink.objects.none()
    return (
        CrossSchoolLink.objects.filter(refused_at__isnull=True, mentorship__status__in=FORMING)
        .filter(
            Q(mentorship__school=school, host_agreed_at__isnull=True)
            | Q(mentor_school=school, mentor_school_agreed_at__isnull=True)
        )
        .distinct()
    )


def mentor_order_undone(document, by, note: str) -> None:
    """The mentor's school's order did not stand (its paper original was contested): allowed only
    while the host has not fixed the pair by its own order."""
    link = CrossSchoolLink.objects.select_related("mentorship").filter(mentor_order=document).first()
    if link is None:
        return
    if link.mentorship.status not in FORMING:
        raise ValidationError(
            _("The mentee's school has already fixed the pair by its order: this order cannot be undone.")
        )
    _note(link.mentorship, by, note)


# --- to-dos -----------------------------------------------------------------------------


def coordinator_counts(user, municipality, roles, on) -> dict:
    """The coordinator's proposals still waiting for a school's agreement (municipal.todo)."""
    from portal.todo import count_of

    if Role.MUNICIPAL_OFFICER not in roles:
        return {}
    waiting = CrossSchoolLink.objects.for_municipality(municipality).waiting().filter(mentorship__status__in=FORMING)
    return {"cross_pairs_waiting": count_of(waiting)}


def coordinator_tasks(user, municipality, roles, values) -> list:
    from django.urls import reverse
    from django.utils.translation import ngettext

    from portal.todo import Task

    count = values.get("cross_pairs_waiting") or 0
    if Role.MUNICIPAL_OFFICER not in roles or not count:
        return []
    label = ngettext(
        "%(count)s pair across schools waits for the schools' agreement",
        "%(count)s pairs across schools wait for the schools' agreement",
        count,
    ) % {"count": count}
    return [
        Task(label, count, reverse("municipal:cross_pairs"), "municipality", Role.MUNICIPAL_OFFICER, "cross-waiting")
    ]


def _agreeing_role(roles):
    return Role.CURATOR if Role.CURATOR in roles else Role.DIRECTOR if Role.DIRECTOR in roles else None


def school_counts(user, school, roles, on) -> dict:
    """A curator's (or director's) pairs with a mentor from another school waiting for the school's
    agreement: an expression of the home page's one counting query."""
    from portal.todo import count_of

    return {"cross_waiting": count_of(waiting_for_school(school))} if _agreeing_role(roles) else {}


def school_tasks(user, school, roles, values) -> list:
    from django.urls import reverse
    from django.utils.translation import ngettext

    from portal.todo import Task

    role = _agreeing_role(roles)
    count = values.get("cross_waiting") or 0
    if role is None or not count:
        return []
    label = ngettext(
        "%(count)s pair with a mentor from another school waits for your agreement",
        "%(count)s pairs with a mentor from another school wait for your agreement",
        count,
    ) % {"count": count}
    return [Task(label, count, reverse("mentoring:cross_list"), "mentoring:board", role, "cross-agreement")]


def state_of(link: CrossSchoolLink) -> str:
    """Where the pair stands, in words."""
    mentorship = link.mentorship
    if link.is_refused:
        return _("Refused: %(reason)s") % {"reason": link.refusal_reason}
    if mentorship.status in FIXED or mentorship.status not in FORMING:
        return (
            _("The pair is fixed by the order No. %(number)s of %(school)s (%(status)s).")
            % {
                "number": mentorship.order_number or "—",
                "school": mentorship.school,
                "status": mentorship.get_status_display(),
            }
            if mentorship.order_number
            else mentorship.get_status_display()
        )
    waiting = [
        str(school)
        for school, agreed in (
            (mentorship.school, link.host_agreed_at),
            (link.mentor_school, link.mentor_school_agreed_at),
        )
        if agreed is None
    ]
    if waiting:
        return _("Waits for the agreement of: %(schools)s.") % {"schools": "; ".join(waiting)}
    if not link.mentor_order_signed:
        return _("Both schools agreed; waits for the order of %(school)s assigning the mentor.") % {
            "school": link.mentor_school
        }
    return _("The mentor's order is signed; waits for the order of %(school)s fixing the pair.") % {
        "school": mentorship.school
    }

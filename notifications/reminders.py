"""Who to remind of what on a given day: one plain function per kind.

Each daily rule takes a school and the date ``on`` in that school's time zone and returns the
reminders due that day. A reminder's ``key`` names exactly what it is about, so delivering the
same reminder twice (a second run, a retried job, two workers) creates nothing new. Texts are
built with gettext; the callers activate Russian (``LANGUAGE_CODE``) around them.
"""

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role
from documents.models import Document, DocumentStatus
from mentoring.lifecycle import consent_problems
from mentoring.models import LOADING, Mentorship, Participant, Status
from notifications.models import DEFAULT_DAYS_BEFORE, MAX_DAYS_BEFORE, Kind, Preference
from notifications.recipients import Reminder, members, participant_users
from notifications.recipients import unique as _unique
from people.models import BankConfirmation
from people.services import academic_year_of
from programs.models import PlanItem, PlanItemStatus, ProgramStatus
from signatures.reminders import certificate_expiry

ENDING_SOON_DAYS = 30
MONITORING_DEADLINE = (6, 30)
MONITORING_REMINDER_DAYS = ((6, 1), (6, 23))
ACTUALIZATION_MONTH = 9
DIGEST_LINES = 20


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _digest(lines: list[str]) -> str:
    shown = lines[:DIGEST_LINES]
    if len(lines) > DIGEST_LINES:
        shown.append(_("…and %(count)s more") % {"count": len(lines) - DIGEST_LINES})
    return "\n".join(shown)


# --- daily rules ----------------------------------------------------------------------


def upcoming_items(school, on: datetime.date) -> list[Reminder]:
    """Plan events of approved programs coming up within the user's ``days_before`` days (after
    today), to each current mentor and mentee with an account. The key names the event, its date
    and the user, not the day of the run: each is told once, even when a run was missed or the
    event was added with less time left (a new date is news again)."""
    participants = list(
        Participant.objects.filter(
            mentorship__school=school,
            mentorship__status__in=(Status.APPROVED, Status.ACTIVE),
            mentorship__program__status=ProgramStatus.APPROVED,
            ended_on__isnull=True,
            person__user__isnull=False,
            person__user__is_active=True,
        ).select_related("person__user")
    )
    if not participants:
        return []
    users = {p.person.user_id for p in participants}
    days_before = dict(Preference.objects.filter(user_id__in=users).values_list("user_id", "days_before"))
    by_mentorship: dict[int, list] = {}
    for participant in participants:
        by_mentorship.setdefault(participant.mentorship_id, []).append(participant.person.user)
    items = PlanItem.objects.filter(
        program__mentorship_id__in=by_mentorship,
        program__status=ProgramStatus.APPROVED,
        status__in=(PlanItemStatus.PLANNED, PlanItemStatus.MOVED),
        planned_on__gt=on,
        planned_on__lte=on + datetime.timedelta(days=MAX_DAYS_BEFORE),
    ).select_related("program")
    found = []
    for item in items:
        for user in _unique(by_mentorship[item.program.mentorship_id]):
            if item.planned_on > on + datetime.timedelta(days=days_before.get(user.pk, DEFAULT_DAYS_BEFORE)):
                continue
            days = (item.planned_on - on).days
            found.append(
                Reminder(
                    key=f"{Kind.UPCOMING_ITEM}:{item.pk}:{user.pk}:{item.planned_on.isoformat()}",
                    user=user,
                    school=school,
                    kind=Kind.UPCOMING_ITEM,
                    title=ngettext("In %(days)s day: %(title)s", "In %(days)s days: %(title)s", days)
                    % {"days": days, "title": item.title},
                    body=_("The plan event «%(title)s» of the program «%(program)s» is planned for %(date)s.")
                    % {"title": item.title, "program": item.program.title, "date": _date(item.planned_on)},
                    url=reverse("programs:detail", kwargs={"pk": item.program_id}),
                )
            )
    return found


def overdue_items(school, on: datetime.date) -> list[Reminder]:
    """One digest a day to each curator: plan events past their date and not done.

    An event is overdue once its day has passed (``PlanItem.is_overdue``): the morning digest
    does not count the events planned for today.
    """
    overdue = PlanItem.objects.for_school(school).overdue(on - datetime.timedelta(days=1))
    counts = dict(
        overdue.values("program__mentorship_id")
        .annotate(count=Count("pk"))
        .values_list("program__mentorship_id", "count")
    )
    total = sum(counts.values())
    if not total:
        return []
    mentorships = Mentorship.objects.filter(pk__in=counts).prefetch_related("participants__person")
    lines = sorted(f"{mentorship}: {counts[mentorship.pk]}" for mentorship in mentorships)
    title = ngettext("%(count)s overdue plan event", "%(count)s overdue plan events", total) % {"count": total}
    body = _digest(lines)
    return [
        Reminder(
            key=f"{Kind.OVERDUE_ITEMS}:{school.pk}:{user.pk}:{on.isoformat()}",
            user=user,
            school=school,
            kind=Kind.OVERDUE_ITEMS,
            title=title,
            body=body,
            url=reverse("mentoring:board"),
        )
        for user in members(school, Role.CURATOR)
    ]


def ending_soon(school, on: datetime.date) -> list[Reminder]:
    """Active mentorships ending within 30 days (today included): to the curators and the
    participants, once per planned end (the key holds it, not the day of the run), so a missed
    run or a pair created with less time left is still told, and an extended one is told again."""
    mentorships = (
        Mentorship.objects.for_school(school)
        .filter(
            status=Status.ACTIVE,
            planned_end__gte=on,
            planned_end__lte=on + datetime.timedelta(days=ENDING_SOON_DAYS),
        )
        .prefetch_related("participants__person__user")
    )
    curators = members(school, Role.CURATOR)
    found = []
    for mentorship in mentorships:
        end = mentorship.planned_end
        days = (end - on).days
        params = {"mentorship": mentorship, "days": days, "date": _date(end)}
        title = _("A mentorship ends on %(date)s") % params
        if days:
            body = (
                ngettext(
                    "The mentorship %(mentorship)s ends in %(days)s day, on %(date)s. "
                    "Time to prepare the mentor's report and the completion.",
                    "The mentorship %(mentorship)s ends in %(days)s days, on %(date)s. "
                    "Time to prepare the mentor's report and the completion.",
                    days,
                )
                % params
            )
        else:
            body = (
                _(
                    "The mentorship %(mentorship)s ends today, %(date)s. "
                    "Time to prepare the mentor's report and the completion."
                )
                % params
            )
        for user in _unique([*curators, *participant_users(mentorship)]):
            found.append(
                Reminder(
                    key=f"{Kind.ENDING_SOON}:{mentorship.pk}:{end.isoformat()}:{user.pk}",
                    user=user,
                    school=school,
                    kind=Kind.ENDING_SOON,
                    title=title,
                    body=body,
                    url=reverse("mentoring:detail", kwargs={"pk": mentorship.pk}),
                )
            )
    return found


def missing_consents(school, on: datetime.date) -> list[Reminder]:
    """Open (proposed, approved, active) mentorships lacking a consent in force: to the
    curators, once a week (the key holds the ISO week)."""
    mentorships = (
        Mentorship.objects.for_school(school)
        .filter(status__in=LOADING)
        .prefetch_related("participants__person__consents", "participants__person__user")
    )
    year, week, _weekday = on.isocalendar()
    curators = members(school, Role.CURATOR)
    found = []
    for mentorship in mentorships:
        problems = consent_problems(mentorship, on)
        if not problems:
            continue
        for user in curators:
            found.append(
                Reminder(
                    key=f"{Kind.CONSENT_MISSING}:{mentorship.pk}:{year}-W{week:02d}:{user.pk}",
                    user=user,
                    school=school,
                    kind=Kind.CONSENT_MISSING,
                    title=_("Consents missing: %(mentorship)s") % {"mentorship": mentorship},
                    body="\n".join(problems),
                    url=reverse("mentoring:detail", kwargs={"pk": mentorship.pk}),
                )
            )
    return found


def awaiting_signature(school, on: datetime.date) -> list[Reminder]:
    """One digest a day to each director while any document awaits signature."""
    documents = list(
        Document.objects.for_school(school)
        .filter(status=DocumentStatus.AWAITING_SIGNATURE)
        .order_by("date", "sequence")
    )
    if not documents:
        return []
    count = len(documents)
    title = ngettext("%(count)s document awaits your signature", "%(count)s documents await your signature", count) % {
        "count": count
    }
    body = _digest([str(document) for document in documents])
    return [
        Reminder(
            key=f"{Kind.AWAITING_SIGNATURE}:{school.pk}:{user.pk}:{on.isoformat()}",
            user=user,
            school=school,
            kind=Kind.AWAITING_SIGNATURE,
            title=title,
            body=body,
            url=reverse("documents:inbox"),
        )
        for user in members(school, Role.DIRECTOR)
    ]


def is_actualization_day(on: datetime.date) -> bool:
    """1 September and every Monday of September."""
    return on.month == ACTUALIZATION_MONTH and (on.day == 1 or on.weekday() == 0)


def bank_actualization(school, on: datetime.date) -> list[Reminder]:
    """The yearly actualization of the bank: to the curators and secretaries until confirmed."""
    if not is_actualization_day(on):
        return []
    year = academic_year_of(on)
    if BankConfirmation.objects.filter(school=school, academic_year=year).exists():
        return []
    params = {"year": year, "next": year + 1, "school": school}
    return [
        Reminder(
            key=f"{Kind.BANK_ACTUALIZATION}:{school.pk}:{year}:{user.pk}:{on.isoformat()}",
            user=user,
            school=school,
            kind=Kind.BANK_ACTUALIZATION,
            title=_("Actualize the bank for the academic year %(year)s/%(next)s") % params,
            body=_(
                "The bank of mentors and mentees of %(school)s is not yet confirmed for the academic year "
                "%(year)s/%(next)s. Check who needs a mentor and who is ready to mentor, then confirm the bank."
            )
            % params,
            url=reverse("people:actualization"),
        )
        for user in members(school, Role.CURATOR, Role.SECRETARY)
    ]


def monitoring_deadline(school, on: datetime.date) -> list[Reminder]:
    """On 1 and 23 June: the yearly monitoring is due on 30 June (curators and directors)."""
    if (on.month, on.day) not in MONITORING_REMINDER_DAYS:
        return []
    deadline = datetime.date(on.year, *MONITORING_DEADLINE)
    days = (deadline - on).days
    params = {"date": _date(deadline), "days": days, "school": school}
    return [
        Reminder(
            key=f"{Kind.MONITORING_DEADLINE}:{school.pk}:{on.year}:{user.pk}:{on.isoformat()}",
            user=user,
            school=school,
            kind=Kind.MONITORING_DEADLINE,
            title=_("Monitoring is due on %(date)s") % params,
            body=ngettext(
                "The yearly monitoring of mentoring at %(school)s is due on %(date)s, in %(days)s day. "
                "Fill in the indicators and prepare the report.",
                "The yearly monitoring of mentoring at %(school)s is due on %(date)s, in %(days)s days. "
                "Fill in the indicators and prepare the report.",
                days,
            )
            % params,
            url=reverse("monitoring:dashboard"),
        )
        for user in members(school, Role.CURATOR, Role.DIRECTOR)
    ]


# The rules ``notifications.run_reminders`` runs every day for every school.
DAILY = (
    upcoming_items,
    overdue_items,
    ending_soon,
    missing_consents,
    awaiting_signature,
    bank_actualization,
    monitoring_deadline,
    certificate_expiry,  # issue 20: the director's signing certificate ends in 30 days
)


# --- at once --------------------------------------------------------------------------


def withdrawn_consent(consent, on: datetime.date) -> list[Reminder]:
    """A consent was withdrawn: the school's curators learn at once (one key per consent)."""
    person = consent.person
    params = {"person": person.short_name, "kind": consent.get_kind_display(), "date": _date(on)}
    return [
        Reminder(
            key=f"{Kind.CONSENT_WITHDRAWN}:{consent.pk}:{user.pk}",
            user=user,
            school=person.school,
            kind=Kind.CONSENT_WITHDRAWN,
            title=_("Consent withdrawn: %(person)s") % params,
            body=_("%(person)s withdrew the consent «%(kind)s» on %(date)s.") % params,
            url=reverse("people:person", kwargs={"pk": person.pk}),
        )
        for user in members(person.school, Role.CURATOR)
    ]

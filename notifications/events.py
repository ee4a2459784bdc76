"""Notifications sent when something happens (not by the daily reminders).

``announce(event, **ids)`` is called by the code that makes the event happen, inside its
transaction; the notifications are delivered once that transaction commits (a rolled-back
transaction announces nothing). It schedules the task ``notifications.deliver_event`` with the
event, its ids and a token made now: the task reads the recipients and the texts from the
database when it runs, in Russian, and keys each notification ``<event>:<token>:<user>``, so a
retried or repeated task delivers nothing twice. Without a broker (``make run``, tests) the task
runs in-process at the commit. The actor (``by_id``) is never told of their own action, nor is
an inactive user; when the object is gone by then, nobody is told.

Events and their ids:
- ``document_sent``: document_id — the directors are asked to sign (never for a consent: its
  subject signs it).
- ``document_returned``: document_id — the author and the curators learn why.
- ``document_signed``: document_id — the author, the curators and the participants.
- ``paper_registered``: registration_id — the directors, who may contest it.
- ``registration_contested``: registration_id — who registered it and the curators.
- ``program_change_proposed``: program_id, by_id — the other side of the program.
- ``program_returned``: program_id, comment_id, by_id — the program's mentors and mentees learn
  what to correct.
- ``pair_proposed``: mentorship_id, by_id — the curators.
- ``petition_submitted``: petition_id — the curators and the directors.
- ``petition_answered``: petition_id — the requester; when accepted, the other participants too.
- ``roadmap_submitted``: submission_id — the municipality's coordinators (a municipal notification).
- ``roadmap_reviewed``: submission_id — the school's curators and directors: approved, or returned
  with the coordinator's comment.
- ``association_recommendation``: recommendation_id — the school's curators and directors.
- ``review_requested``: review_id — the association's members and the coordinators.
- ``review_written``: review_id — the school's curators and directors read the conclusion.
- ``cross_pair_proposed``: link_id, by_id — the curators of both schools (a pair whose mentor
  works in another school of the municipality, mentoring.cross_school) are asked to agree.
- ``cross_pair_agreed``: link_id, by_id — both schools agreed: the curators of both schools and,
  for the municipality's proposal, its coordinators.
- ``consent_withdrawn``: consent_id — the curators (keyed per consent, as before:
  ``consent_withdrawn:<consent>:<user>``).
"""

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import Role
from notifications.delivery import deliver
from notifications.models import Kind
from notifications.recipients import Reminder, in_school, members, participant_users


def announce(event: str, *, by_id: int | None = None, **ids) -> None:
    """Tells the event's recipients once the current transaction commits (see the module)."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event «{event}»; known: {', '.join(sorted(EVENTS))}")
    token = uuid.uuid4().hex

    def schedule():
        from notifications.tasks import deliver_event

        deliver_event.delay(event=event, token=token, by_id=by_id, ids=ids)

    # robust: a broker that is down (or a failing delivery without one) is logged and never
    # undoes, nor fails, what was committed.
    transaction.on_commit(schedule, robust=True)


def deliver_event(event: str, *, token: str, by_id: int | None = None, ids: dict | None = None) -> int:
    """Delivers the event's notifications; returns how many are new (0 on a rerun)."""
    with translation.override(settings.LANGUAGE_CODE):
        found = EVENTS[event](Occasion(event, token, by_id), **(ids or {}))
        created, seen = 0, set()
        for notice in found:
            user = notice.user
            if user.pk == by_id or not user.is_active or notice.key in seen:
                continue
            seen.add(notice.key)
            notification = deliver(
                key=notice.key,
                user=user,
                school=notice.school,
                kind=notice.kind,
                title=notice.title,
                body=notice.body,
                url=notice.url,
            )
            created += notification is not None
    return created


@dataclass(frozen=True)
class Occasion:
    """One announcement: what happened, its token and who did it."""

    event: str
    token: str
    by_id: int | None

    def notices(self, users: Iterable, *, school, title: str, body: str = "", url: str = "") -> list[Reminder]:
        return [
            Reminder(
                key=f"{self.event}:{self.token}:{user.pk}",
                user=user,
                school=school,
                kind=Kind(self.event),
                title=title,
                body=body,
                url=url,
            )
            for user in users
        ]

    def actor(self):
        return get_user_model().objects.filter(pk=self.by_id).first() if self.by_id else None


# --- texts -----------------------------------------------------------------------------


def _date(day) -> str:
    return day.strftime("%d.%m.%Y")


def _person(user) -> str:
    return user.get_short_name() if user is not None else ""


# --- documents -------------------------------------------------------------------------


def _document(document_id):
    from documents.models import Document

    return Document.objects.select_related("school", "created_by", "person__user").filter(pk=document_id).first()


def label(document) -> str:
    """«Приказ № 01-10/7 «О закреплении наставников за наставляемыми»»."""
    from documents.models import DocumentType

    params = {"number": document.number, "title": document.title}
    if DocumentType(document.type).is_order:
        return _("Order No. %(number)s «%(title)s»") % params
    return _("Document No. %(number)s «%(title)s»") % params


def _detail(document) -> str:
    return reverse("documents:detail", kwargs={"pk": document.pk})


def document_sent(occasion: Occasion, *, document_id) -> list[Reminder]:
    document = _document(document_id)
    if document is None or document.is_consent:
        return []
    actor = occasion.actor()
    body = _("The document awaits your signature in the inbox.")
    if actor is not None:
        body += "\n" + _("Sent by %(person)s") % {"person": _person(actor)}
    return occasion.notices(
        members(document.school, Role.DIRECTOR),
        school=document.school,
        title=_("For signature: %(document)s") % {"document": label(document)},
        body=body,
        url=reverse("documents:inbox"),
    )


def document_returned(occasion: Occasion, *, document_id) -> list[Reminder]:
    document = _document(document_id)
    if document is None:
        return []
    school = document.school
    return occasion.notices(
        in_school(school, [document.created_by, *members(school, Role.CURATOR)]),
        school=school,
        title=_("Returned for correction: %(document)s") % {"document": label(document)},
        body=document.return_comment,
        url=_detail(document),
    )


def _participants_of(document) -> list[tuple[object, str]]:
    """(user, link) of the participants the document is about: a pair's page for the pairs'
    participants (they may not open the registry), the home page for the person of a curator
    order or of an agreement."""
    from documents.models import DocumentType

    mentorships = list(document.mentorships.prefetch_related("participants__person__user"))
    if document.replacement_id:
        mentorships.append(document.replacement.mentorship)
    if document.program_id:
        mentorships.append(document.program.mentorship)
    found = [
        (user, reverse("mentoring:detail", kwargs={"pk": mentorship.pk}))
        for mentorship in mentorships
        for user in participant_users(mentorship)
    ]
    if document.type in (DocumentType.ORDER_CURATOR, DocumentType.CONTRACT_SUPPLEMENT) and document.person_id:
        user = document.person.user
        if user is not None and user.is_active:
            found.append((user, reverse("home")))
    return found


def document_signed(occasion: Occasion, *, document_id) -> list[Reminder]:
    from documents.models import DocumentType

    document = _document(document_id)
    if document is None:
        return []
    school = document.school
    params = {"number": document.number, "title": document.title}
    if DocumentType(document.type).is_order:
        title = _("Order No. %(number)s «%(title)s» is signed") % params
    else:
        title = _("Document No. %(number)s «%(title)s» is signed") % params
    body = _("Signed on %(date)s.") % {"date": _date(document.date)}
    found = occasion.notices(
        in_school(school, [document.created_by, *members(school, Role.CURATOR)]),
        school=school,
        title=title,
        body=body,
        url=_detail(document),
    )
    for user, url in _participants_of(document):
        found += occasion.notices([user], school=school, title=title, body=body, url=url)
    return found  # the first link of a user wins: a curator who is also a participant opens the document


def _registration(registration_id):
    from documents.models import PaperRegistration

    return (
        PaperRegistration.objects.select_related("document", "school", "registered_by", "contested_by")
        .filter(pk=registration_id)
        .first()
    )


def paper_registered(occasion: Occasion, *, registration_id) -> list[Reminder]:
    registration = _registration(registration_id)
    if registration is None:
        return []
    document = registration.document
    params = {
        "person": _person(registration.registered_by),
        "pages": registration.pages,
        "date": _date(registration.contest_until),
    }
    return occasion.notices(
        members(registration.school, Role.DIRECTOR),
        school=registration.school,
        title=_("Paper original registered: %(document)s") % {"document": label(document)},
        body=ngettext(
            "%(person)s registered the paper original with your signature (%(pages)s page); "
            "if you did not sign it, you may contest the registration until %(date)s.",
            "%(person)s registered the paper original with your signature (%(pages)s pages); "
            "if you did not sign it, you may contest the registration until %(date)s.",
            registration.pages,
        )
        % params,
        url=_detail(document),
    )


def registration_contested(occasion: Occasion, *, registration_id) -> list[Reminder]:
    registration = _registration(registration_id)
    if registration is None:
        return []
    school, document = registration.school, registration.document
    params = {
        "person": _person(registration.contested_by or occasion.actor()),
        "reason": registration.contest_reason,
    }
    return occasion.notices(
        in_school(school, [registration.registered_by, *members(school, Role.CURATOR)]),
        school=school,
        title=_("Registration contested: %(document)s") % {"document": label(document)},
        body=_("The director (%(person)s) contested the registration of the paper original. Reason: %(reason)s")
        % params,
        url=_detail(document),
    )


# --- pairs and programs ------------------------------------------------------------------


def program_change_proposed(occasion: Occasion, *, program_id) -> list[Reminder]:
    from mentoring.models import Participant
    from programs.models import Program

    program = (
        Program.objects.select_related("mentorship__school")
        .prefetch_related("mentorship__participants__person__user")
        .filter(pk=program_id)
        .first()
    )
    if program is None:
        return []
    mentorship = program.mentorship
    mentors = participant_users(mentorship, Participant.Role.MENTOR)
    mentees = participant_users(mentorship, Participant.Role.MENTEE)
    if any(user.pk == occasion.by_id for user in mentors):
        users = mentees
    elif any(user.pk == occasion.by_id for user in mentees):
        users = mentors
    else:
        users = [*mentors, *mentees]
    actor = occasion.actor()
    params = {"program": program.title, "mentorship": mentorship, "person": _person(actor)}
    body = (
        _("%(person)s proposes a change to the program «%(program)s» (%(mentorship)s). Review it and agree to it.")
        if actor
        else _("A change to the program «%(program)s» (%(mentorship)s) is proposed. Review it and agree to it.")
    ) % params
    return occasion.notices(
        users,
        school=mentorship.school,
        title=_("Program change proposed: %(program)s") % params,
        body=body,
        url=reverse("programs:detail", kwargs={"pk": program.pk}),
    )


def program_returned(occasion: Occasion, *, program_id, comment_id) -> list[Reminder]:
    from programs.models import Program, ProgramComment

    program = (
        Program.objects.select_related("mentorship__school")
        .prefetch_related("mentorship__participants__person__user")
        .filter(pk=program_id)
        .first()
    )
    comment = ProgramComment.objects.filter(pk=comment_id, program_id=program_id).first()
    if program is None or comment is None:
        return []
    mentorship = program.mentorship
    actor = occasion.actor()
    params = {"program": program.title, "mentorship": mentorship, "person": _person(actor), "text": comment.text}
    body = (
        _("%(person)s returned the program «%(program)s» (%(mentorship)s) for correction: %(text)s")
        if actor
        else _("The program «%(program)s» (%(mentorship)s) is returned for correction: %(text)s")
    ) % params
    return occasion.notices(
        participant_users(mentorship),
        school=mentorship.school,
        title=_("Program returned for correction: %(program)s") % params,
        body=body,
        url=reverse("programs:detail", kwargs={"pk": program.pk}),
    )


def pair_proposed(occasion: Occasion, *, mentorship_id) -> list[Reminder]:
    from mentoring.models import Mentorship

    mentorship = (
        Mentorship.objects.select_related("school")
        .prefetch_related("participants__person")
        .filter(pk=mentorship_id)
        .first()
    )
    if mentorship is None:
        return []
    actor = occasion.actor()
    params = {
        "mentorship": mentorship,
        "person": _person(actor),
        "start": _date(mentorship.planned_start),
        "end": _date(mentorship.planned_end),
    }
    title = (
        _("Group proposed: %(mentorship)s") if mentorship.is_group else _("Pair proposed: %(mentorship)s")
    ) % params
    if actor is not None:
        body = _("Proposed by %(person)s; term: %(start)s – %(end)s.") % params
    else:
        body = _("Term: %(start)s – %(end)s.") % params
    return occasion.notices(
        members(mentorship.school, Role.CURATOR),
        school=mentorship.school,
        title=title,
        body=body,
        url=reverse("mentoring:detail", kwargs={"pk": mentorship.pk}),
    )


def _petition(petition_id):
    from mentoring.models import Petition

    return (
        Petition.objects.select_related("mentorship__school", "participant__person__user", "answered_by")
        .prefetch_related("mentorship__participants__person__user")
        .filter(pk=petition_id)
        .first()
    )


def _petition_params(petition) -> dict:
    return {
        "person": petition.participant.person.short_name,
        "request": petition.get_kind_display(),
        "reason": petition.reason_text,
        "mentorship": petition.mentorship,
        "date": _date(petition.earliest_end) if petition.earliest_end else "",
    }


def petition_submitted(occasion: Occasion, *, petition_id) -> list[Reminder]:
    petition = _petition(petition_id)
    if petition is None:
        return []
    params = _petition_params(petition)
    body = _("%(person)s asks %(request)s (%(mentorship)s). Reason: %(reason)s.") % params
    if petition.earliest_end:
        body += " " + _("Three working days' notice: the mentoring may end from %(date)s.") % params
    return occasion.notices(
        members(petition.mentorship.school, Role.CURATOR, Role.DIRECTOR),
        school=petition.mentorship.school,
        title=_("Request from %(person)s: %(request)s") % params,
        body=body,
        url=reverse("mentoring:petitions"),
    )


def petition_answered(occasion: Occasion, *, petition_id) -> list[Reminder]:
    """The requester learns the answer; when accepted, the other side too (for a mentor, it is the
    employer's notice of an early end)."""
    from mentoring.models import Petition

    petition = _petition(petition_id)
    if petition is None or petition.state not in (Petition.State.ACCEPTED, Petition.State.REFUSED):
        return []
    params = _petition_params(petition)
    school = petition.mentorship.school
    url = reverse("mentoring:detail", kwargs={"pk": petition.mentorship_id})
    requester = petition.participant.person.user
    if petition.state == Petition.State.REFUSED:
        return occasion.notices(
            [requester] if requester else [],
            school=school,
            title=_("Your request is refused: %(request)s") % params,
            body=_("Reason for the refusal: %(answer)s") % {"answer": petition.answer},
            url=url,
        )
    body = _("The mentoring may end early from %(date)s (three working days' notice, Labour Code art. 351.8).") % params
    if petition.answer:
        body = f"{petition.answer}\n{body}"
    found = occasion.notices(
        [requester] if requester else [],
        school=school,
        title=_("Your request is accepted: %(request)s") % params,
        body=body,
        url=url,
    )
    others = [user for user in participant_users(petition.mentorship) if requester is None or user.pk != requester.pk]
    found += occasion.notices(
        others,
        school=school,
        title=_("%(person)s's request is accepted: %(request)s") % params,
        body=body,
        url=url,
    )
    return found


# --- consents ----------------------------------------------------------------------------


def consent_withdrawn(occasion: Occasion, *, consent_id) -> list[Reminder]:
    """The curators, keyed per consent (``reminders.withdrawn_consent``): told once however often
    it is announced."""
    from notifications import reminders
    from people.models import Consent

    consent = Consent.objects.select_related("person__school").filter(pk=consent_id).first()
    if consent is None or consent.withdrawn_on is None:
        return []
    return reminders.withdrawn_consent(consent, consent.withdrawn_on)


# --- the municipality: roadmaps and the methodical association (issue 18, items 4–5) -----------


def _submission(submission_id):
    from monitoring.models import RoadmapSubmission

    return RoadmapSubmission.objects.select_related("school__municipality").filter(pk=submission_id).first()


def roadmap_submitted(occasion: Occasion, *, submission_id) -> list[Reminder]:
    from notifications.recipients import municipal_members

    submission = _submission(submission_id)
    if submission is None or submission.school.municipality is None:
        return []
    params = {"school": submission.school, "year": submission.year, "next": submission.year + 1}
    return occasion.notices(
        municipal_members(submission.school.municipality, Role.MUNICIPAL_OFFICER),
        school=None,
        title=_("Roadmap for approval: %(school)s, %(year)s/%(next)s") % params,
        body=_("%(school)s sent its roadmap of %(year)s/%(next)s for approval.") % params,
        url=reverse("municipal:roadmap_submission", kwargs={"pk": submission.pk}),
    )


def roadmap_reviewed(occasion: Occasion, *, submission_id) -> list[Reminder]:
    from monitoring.models import SubmissionState

    submission = _submission(submission_id)
    if submission is None:
        return []
    school = submission.school
    params = {"year": submission.year, "next": submission.year + 1, "comment": submission.comment}
    if submission.state == SubmissionState.APPROVED:
        title = _("The roadmap of %(year)s/%(next)s is approved by the municipality") % params
    else:
        title = _("The roadmap of %(year)s/%(next)s is returned for correction") % params
    return occasion.notices(
        members(school, Role.CURATOR, Role.DIRECTOR),
        school=school,
        title=title,
        body=submission.comment,
        url=f"{reverse('monitoring:roadmap')}?year={submission.year}",
    )


def association_recommendation(occasion: Occasion, *, recommendation_id) -> list[Reminder]:
    from association.models import Recommendation

    recommendation = Recommendation.objects.select_related("school").filter(pk=recommendation_id).first()
    if recommendation is None:
        return []
    return occasion.notices(
        members(recommendation.school, Role.CURATOR, Role.DIRECTOR),
        school=recommendation.school,
        title=_("A recommendation of the municipal methodical association"),
        body=recommendation.text[:500],
        url=reverse("association:school"),
    )


def _review(review_id):
    from association.models import ExpertReview

    return ExpertReview.objects.select_related("school", "municipality", "program").filter(pk=review_id).first()


def review_requested(occasion: Occasion, *, review_id) -> list[Reminder]:
    from notifications.recipients import municipal_members

    review = _review(review_id)
    if review is None:
        return []
    return occasion.notices(
        municipal_members(review.municipality, Role.MUNICIPAL_METHODIST, Role.MUNICIPAL_OFFICER),
        school=None,
        title=_("%(school)s asks for an expert review") % {"school": review.school},
        body=str(review),
        url=reverse("association:review", kwargs={"pk": review.pk}),
    )


def review_written(occasion: Occasion, *, review_id) -> list[Reminder]:
    review = _review(review_id)
    if review is None:
        return []
    return occasion.notices(
        members(review.school, Role.CURATOR, Role.DIRECTOR),
        school=review.school,
        title=_("Expert conclusion: %(verdict)s") % {"verdict": review.get_verdict_display()},
        body=str(review),
        url=reverse("association:school_review", kwargs={"pk": review.pk}),
    )


def _cross_link(link_id):
    from mentoring.models import CrossSchoolLink

    return (
        CrossSchoolLink.objects.select_related("mentorship__school", "mentor_school", "municipality")
        .prefetch_related("mentorship__participants__person")
        .filter(pk=link_id)
        .first()
    )


def _cross_params(link) -> dict:
    mentorship = link.mentorship
    return {
        "mentorship": mentorship,
        "host": mentorship.school,
        "mentor_school": link.mentor_school,
        "start": _date(mentorship.planned_start),
        "end": _date(mentorship.planned_end),
    }


def _to_both_curators(occasion: Occasion, link, *, title: str, body: str) -> list[Reminder]:
    """The curators of the mentee's and the mentor's schools, each once (one may curate both)."""
    found, told = [], set()
    for school in (link.mentorship.school, link.mentor_school):
        users = [user for user in members(school, Role.CURATOR) if user.pk not in told]
        told |= {user.pk for user in users}
        found += occasion.notices(users, school=school, title=title, body=body, url=reverse("mentoring:cross_list"))
    return found


def cross_pair_proposed(occasion: Occasion, *, link_id) -> list[Reminder]:
    """The curators of both schools are asked to agree to a pair with a mentor from another school."""
    link = _cross_link(link_id)
    if link is None:
        return []
    params = _cross_params(link)
    title = _("A pair with a mentor from another school waits for your agreement: %(mentorship)s") % params
    body = (
        _("The mentee's school: %(host)s; the mentor's school: %(mentor_school)s; term: %(start)s – %(end)s.") % params
    )
    return _to_both_curators(occasion, link, title=title, body=body)


def cross_pair_agreed(occasion: Occasion, *, link_id) -> list[Reminder]:
    """Both schools agreed: their curators and, for the municipality's proposal, its coordinators."""
    from notifications.recipients import municipal_members

    link = _cross_link(link_id)
    if link is None:
        return []
    params = _cross_params(link)
    title = _("Both schools agreed to the pair: %(mentorship)s") % params
    body = (
        _(
            "The director of %(mentor_school)s signs the order assigning the mentor; "
            "then %(host)s fixes the pair by order."
        )
        % params
    )
    found = _to_both_curators(occasion, link, title=title, body=body)
    if link.proposed_by_municipality:
        found += occasion.notices(
            municipal_members(link.municipality, Role.MUNICIPAL_OFFICER),
            school=None,
            title=title,
            body=body,
            url=reverse("municipal:cross_pairs"),
        )
    return found


EVENTS: dict[str, Callable[..., list[Reminder]]] = {
    Kind.DOCUMENT_SENT: document_sent,
    Kind.DOCUMENT_RETURNED: document_returned,
    Kind.DOCUMENT_SIGNED: document_signed,
    Kind.PAPER_REGISTERED: paper_registered,
    Kind.REGISTRATION_CONTESTED: registration_contested,
    Kind.PROGRAM_CHANGE_PROPOSED: program_change_proposed,
    Kind.PROGRAM_RETURNED: program_returned,
    Kind.PAIR_PROPOSED: pair_proposed,
    Kind.CONSENT_WITHDRAWN: consent_withdrawn,
    Kind.PETITION_SUBMITTED: petition_submitted,
    Kind.PETITION_ANSWERED: petition_answered,
    Kind.CROSS_PAIR_PROPOSED: cross_pair_proposed,
    Kind.CROSS_PAIR_AGREED: cross_pair_agreed,
    Kind.ROADMAP_SUBMITTED: roadmap_submitted,
    Kind.ROADMAP_REVIEWED: roadmap_reviewed,
    Kind.ASSOCIATION_RECOMMENDATION: association_recommendation,
    Kind.REVIEW_REQUESTED: review_requested,
    Kind.REVIEW_WRITTEN: review_written,
}

"""The municipality approves the schools' roadmaps (seed 004 §III.6; issue 18, item 4).

A school's curator or director sends the roadmap of an academic year: its events are copied into
a ``RoadmapSubmission`` as they are at that moment, so what the coordinator approves never changes
with later edits. The coordinator of the school's municipality approves it or returns it with a
comment (required when returning). An approved roadmap the school has changed since may be sent
again; a roadmap awaiting approval may not be sent twice.

The municipality follows each school's execution side by side: ``execution`` counts the events
planned, held, overdue, moved and cancelled of every school of the municipality in one query.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import School
from accounts.roles import Role
from monitoring.models import RoadmapEvent, RoadmapStatus, RoadmapSubmission, SubmissionState

# What the roadmap plans: a change of these after approval is a change of the approved plan.
# The status and the result are its execution, followed separately.
PLAN_FIELDS = ("stage", "title", "starts_on", "ends_on", "responsible", "for_pairs")


def _event_data(event: RoadmapEvent) -> dict:
    return {
        "id": event.pk,
        "stage": event.stage,
        "title": event.title,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat() if event.ends_on else "",
        "responsible": event.responsible,
        "result": event.result,
        "for_pairs": event.for_pairs,
        "status": event.status,
    }


def events_now(school, year: int) -> list[dict]:
    """The school's roadmap of the year as it is now, in the form a submission keeps."""
    return [_event_data(e) for e in RoadmapEvent.objects.for_school(school).filter(year=year)]


def history(school, year: int):
    """Every sending of the year's roadmap, newest first."""
    return RoadmapSubmission.objects.for_school(school).filter(year=year).select_related("sent_by", "reviewed_by")


def current(school, year: int) -> RoadmapSubmission | None:
    return history(school, year).first()


def last_approved(school, year: int) -> RoadmapSubmission | None:
    return history(school, year).filter(state=SubmissionState.APPROVED).first()


def changes_since(submission: RoadmapSubmission | None, events: list[dict]) -> dict:
    """What differs in the plan between the events as sent and ``events``: titles added, removed
    and changed (by the event's identity). Empty lists when nothing of the plan changed."""
    found = {"added": [], "removed": [], "changed": []}
    if submission is None:
        return found
    before = {e["id"]: e for e in submission.events}
    after = {e["id"]: e for e in events}
    for pk, event in after.items():
        if pk not in before:
            found["added"].append(event["title"])
        elif any(before[pk].get(f) != event.get(f) for f in PLAN_FIELDS):
            found["changed"].append(event["title"])
    found["removed"] = [e["title"] for pk, e in before.items() if pk not in after]
    return found


def as_rows(events: list[dict]) -> list[dict]:
    """Events as kept in a submission, with their dates as dates and their status in words."""
    statuses = dict(RoadmapStatus.choices)
    return [
        {
            **e,
            "starts_on": datetime.date.fromisoformat(e["starts_on"]),
            "ends_on": datetime.date.fromisoformat(e["ends_on"]) if e.get("ends_on") else None,
            "status_label": statuses.get(e.get("status"), ""),
        }
        for e in events
    ]


def has_changes(changes: dict) -> bool:
    return any(changes.values())


@transaction.atomic
def submit(school, year: int, *, by) -> RoadmapSubmission:
    """Sends the roadmap of the year to the municipality; refuses an empty roadmap, a roadmap
    already awaiting approval and an approved one that has not changed since."""
    from notifications.events import announce

    if school.municipality_id is None:
        raise ValidationError(_("The school belongs to no municipality: there is nobody to send the roadmap to."))
    events = events_now(school, year)
    if not events:
        raise ValidationError(_("The roadmap has no events: add them before sending it for approval."))
    latest = current(school, year)
    if latest is not None and latest.state == SubmissionState.SENT:
        raise ValidationError(_("The roadmap is already awaiting approval by the municipality."))
    if (
        latest is not None
        and latest.state == SubmissionState.APPROVED
        and not has_changes(changes_since(latest, events))
    ):
        raise ValidationError(_("The roadmap is approved and has not changed since: there is nothing to resend."))
    submission = RoadmapSubmission.objects.create(
        school=school, year=year, events=events, sent_by=by, sent_at=timezone.now()
    )
    announce("roadmap_submitted", by_id=getattr(by, "pk", None), submission_id=submission.pk)
    return submission


def _review(submission: RoadmapSubmission, *, municipality, by, state: str, comment: str) -> RoadmapSubmission:
    from notifications.events import announce

    if municipality is None or submission.school.municipality_id != municipality.pk:
        raise ValidationError(_("The roadmap belongs to a school of another municipality."))
    locked = RoadmapSubmission.objects.select_for_update().get(pk=submission.pk)
    if locked.state != SubmissionState.SENT:
        raise ValidationError(_("The roadmap is not awaiting approval: it has been reviewed already."))
    locked.state, locked.comment = state, comment.strip()
    locked.reviewed_by, locked.reviewed_at = by, timezone.now()
    locked.save(update_fields=["state", "comment", "reviewed_by", "reviewed_at"])
    announce("roadmap_reviewed", by_id=getattr(by, "pk", None), submission_id=locked.pk)
    return locked


@transaction.atomic
def approve(submission: RoadmapSubmission, *, municipality, by, comment: str = "") -> RoadmapSubmission:
    return _review(submission, municipality=municipality, by=by, state=SubmissionState.APPROVED, comment=comment)


@transaction.atomic
def return_for_correction(submission: RoadmapSubmission, *, municipality, by, comment: str) -> RoadmapSubmission:
    if not (comment or "").strip():
        raise ValidationError(_("Write what to correct: a roadmap is returned with a comment."))
    return _review(submission, municipality=municipality, by=by, state=SubmissionState.RETURNED, comment=comment)


# --- execution side by side -----------------------------------------------------------------


def _counted(year: int, condition: Q) -> Coalesce:
    rows = (
        RoadmapEvent.objects.filter(condition, school=OuterRef("pk"), year=year)
        .order_by()
        .values("school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def overdue_q(on: datetime.date) -> Q:
    """Planned and not held by now: its last day (or its only day) is before ``on``."""
    return Q(status=RoadmapStatus.PLANNED) & (Q(ends_on__lt=on) | Q(ends_on__isnull=True, starts_on__lt=on))


def execution(municipality, year: int, on: datetime.date) -> list[School]:
    """The municipality's schools, each annotated with its roadmap's figures of the year and the
    state of its latest sending: one query whatever the number of schools."""
    latest = RoadmapSubmission.objects.filter(school=OuterRef("pk"), year=year).order_by("-sent_at", "-pk")
    return list(
        School.objects.filter(municipality=municipality)
        .annotate(
            events_total=_counted(year, Q()),
            events_planned=_counted(year, Q(status=RoadmapStatus.PLANNED)),
            events_held=_counted(year, Q(status=RoadmapStatus.HELD)),
            events_overdue=_counted(year, overdue_q(on)),
            events_moved=_counted(year, Q(status=RoadmapStatus.MOVED)),
            events_cancelled=_counted(year, Q(status=RoadmapStatus.CANCELLED)),
            submission_state=Subquery(latest.values("state")[:1]),
            submission_id=Subquery(latest.values("pk")[:1]),
        )
        .order_by("short_name", "full_name")
    )


def awaiting(municipality):
    """Roadmaps of the municipality's schools waiting for the coordinator, oldest first."""
    return (
        RoadmapSubmission.objects.filter(school__municipality=municipality, state=SubmissionState.SENT)
        .select_related("school", "sent_by")
        .order_by("sent_at", "pk")
    )


# --- to-dos ------------------------------------------------------------------------------


def coordinator_counts(user, municipality, roles, on) -> dict:
    from portal.todo import count_of

    return {"roadmaps_waiting": count_of(awaiting(municipality))} if Role.MUNICIPAL_OFFICER in roles else {}


def coordinator_tasks(user, municipality, roles, values) -> list:
    """The coordinator: «N дорожных карт ждут согласования»."""
    from portal.todo import Task

    count = values.get("roadmaps_waiting") or 0
    if Role.MUNICIPAL_OFFICER not in roles or not count:
        return []
    return [
        Task(
            ngettext("%(count)s roadmap awaits approval", "%(count)s roadmaps await approval", count)
            % {"count": count},
            count,
            reverse("municipal:roadmaps"),
            nav="municipality",
            role=Role.MUNICIPAL_OFFICER,
            key="roadmaps_to_approve",
        )
    ]


def returned(school):
    """The school's roadmaps (of any year) whose latest sending was returned for correction: the
    curator's and the director's to-do (counted in ``association.todo.school_tasks``)."""
    latest = RoadmapSubmission.objects.filter(school=OuterRef("school"), year=OuterRef("year")).order_by(
        "-sent_at", "-pk"
    )
    return RoadmapSubmission.objects.for_school(school).filter(
        state=SubmissionState.RETURNED, pk=Subquery(latest.values("pk")[:1])
    )

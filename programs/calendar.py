"""Upcoming plan events per user and per school, and the iCalendar feed of a user's events."""

import datetime

from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from programs.models import PlanItem, PlanItemStatus, ProgramStatus

UPCOMING_DAYS = 60


def _open_items():
    return PlanItem.objects.filter(
        status__in=[PlanItemStatus.PLANNED, PlanItemStatus.MOVED],
        program__status__in=[ProgramStatus.AGREED, ProgramStatus.APPROVED],
    ).select_related("program__mentorship")


def items_for_user(user, *, since: datetime.date, until: datetime.date):
    return (
        _open_items()
        .filter(
            program__mentorship__participants__person__user=user,
            program__mentorship__participants__ended_on__isnull=True,
        )
        .filter(Q(planned_on__range=(since, until)) | Q(planned_until__range=(since, until)))
        .distinct()
        .order_by("planned_on", "pk")
    )


def items_for_school(school, *, since: datetime.date, until: datetime.date):
    return (
        _open_items()
        .filter(program__mentorship__school=school)
        .filter(Q(planned_on__range=(since, until)) | Q(planned_until__range=(since, until)))
        .order_by("planned_on", "pk")
    )


def ical_for_user(user, *, host: str) -> bytes:
    """All the user's open plan events from a month ago on, as all-day events."""
    since = timezone.localdate() - datetime.timedelta(days=30)
    calendar = Calendar()
    calendar.add("prodid", "-//Nastavnichestvo//RU")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Наставничество")
    for item in items_for_user(user, since=since, until=since + datetime.timedelta(days=400)):
        event = Event()
        event.add("uid", f"plan-item-{item.pk}@{host}")
        event.add("summary", item.title)
        event.add("dtstart", item.planned_on)
        event.add("dtend", (item.planned_until or item.planned_on) + datetime.timedelta(days=1))
        event.add("dtstamp", timezone.now())
        description = [item.program.title]
        if item.expected_result:
            description.append(item.expected_result)
        if item.responsible:
            description.append(item.responsible)
        event.add("description", "\n".join(description))
        calendar.add_component(event)
    return calendar.to_ical()

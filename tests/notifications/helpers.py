"""A running pair with accounts and a plan, for the notification tests."""

import datetime
from dataclasses import dataclass

from accounts.models import Membership
from notifications.models import Notification
from tests.factories import UserFactory
from tests.mentoring.helpers import mentee, mentor
from tests.programs.helpers import approved_program, running_mentorship

# running_mentorship() runs 01.09.2026 – 31.05.2027 and is active from its start.
ITEM_DAY = datetime.date(2026, 10, 10)
LATER_DAY = datetime.date(2026, 10, 11)
END = datetime.date(2027, 5, 31)


@dataclass
class Pair:
    mentorship: object
    program: object
    mentor_user: object
    mentee_user: object


def with_account(person, username, role):
    user = UserFactory(username=username, last_name=person.last_name, first_name=person.first_name)
    Membership.objects.create(user=user, school=person.school, role=role)
    person.user = user
    person.save(update_fields=["user"])
    return user


def pair(cast, *, items=(("Консультация", ITEM_DAY), ("Открытый урок", LATER_DAY)), prefix="p") -> Pair:
    mentor_person, mentee_person = mentor(cast.school), mentee(cast.school)
    mentor_user = with_account(mentor_person, f"{prefix}-mentor", "mentor")
    mentee_user = with_account(mentee_person, f"{prefix}-mentee", "mentee")
    mentorship = running_mentorship(cast, mentor_person=mentor_person, mentee_person=mentee_person)
    program = approved_program(cast, mentorship, items=items)
    return Pair(mentorship, program, mentor_user, mentee_user)


def keys(**filters) -> list[str]:
    return sorted(Notification.objects.filter(**filters).values_list("key", flat=True))

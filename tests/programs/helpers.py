import datetime

from django.contrib.auth import get_user_model

from mentoring import lifecycle
from people.models import Person
from programs import rules
from programs.models import PlanItem
from tests.mentoring.helpers import mentee, mentor, teacher_form

START = datetime.date(2026, 9, 1)
END = datetime.date(2027, 5, 31)


def account(person, username, role="mentee"):
    from accounts.models import Membership

    user = get_user_model().objects.create_user(username=username, password="secret-pass-1")
    Membership.objects.create(user=user, school=person.school, role=role)
    Person.objects.filter(pk=person.pk).update(user=user)
    person.user = user
    return user


def running_mentorship(cast, *, mentor_person=None, mentee_person=None):
    mentorship, _warnings = lifecycle.mentorship_create(
        school=cast.school,
        form=teacher_form(cast.school),
        mentors=[mentor_person or mentor(cast.school)],
        mentees=[mentee_person or mentee(cast.school)],
        start=START,
        end=END,
        by=cast.curator,
    )
    lifecycle.mentorship_propose(mentorship=mentorship, by=cast.curator)
    lifecycle.mentorship_approve(mentorship=mentorship, by=cast.director, order_number="1", order_date=START, on=START)
    return mentorship


def approved_program(cast, mentorship=None, *, items=(("Консультация по планированию", datetime.date(2026, 9, 10)),)):
    mentorship = mentorship or running_mentorship(cast)
    program = rules.program_create(
        mentorship=mentorship,
        by=cast.curator,
        title="Адаптация молодого педагога",
        goal="Освоить планирование",
        start=START,
        end=END,
    )
    for title, day in items:
        PlanItem.objects.create(program=program, title=title, planned_on=day)
    rules.program_agree(program=program, by=cast.mentee)
    rules.program_approve(program=program, by=cast.curator)
    return program

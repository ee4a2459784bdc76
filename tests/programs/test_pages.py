"""Who sees and changes which program, the phone log, reflections, the calendar feed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from people.models import Person
from programs.models import LogEntry, PlanItem, PlanItemStatus, ProgramStatus
from tests.mentoring.helpers import mentee
from tests.programs.helpers import approved_program, running_mentorship


def own_program(cast):
    """A program in which the cast's mentor and mentee take part."""
    mentor_person = Person.objects.get(user=cast.mentor)
    mentee_person = Person.objects.get(user=cast.mentee)
    from people.models import MenteeProfile, MentorProfile
    from tests.mentoring.helpers import with_consents

    MentorProfile.objects.create(person=mentor_person)
    MenteeProfile.objects.create(person=mentee_person)
    with_consents(mentor_person, "personal_data", "mentor")
    with_consents(mentee_person, "personal_data", "mentee")
    mentorship = running_mentorship(cast, mentor_person=mentor_person, mentee_person=mentee_person)
    return approved_program(cast, mentorship)


@pytest.mark.django_db
def test_mentor_edits_only_own_programs_and_mentee_sees_only_own(cast, client_as):
    mine = own_program(cast)
    other = approved_program(cast)
    as_mentor = client_as(cast.mentor)
    assert as_mentor.get(reverse("programs:edit", kwargs={"pk": mine.pk})).status_code == 200
    assert as_mentor.get(reverse("programs:edit", kwargs={"pk": other.pk})).status_code == 403
    assert as_mentor.get(reverse("programs:log_add", kwargs={"pk": other.pk})).status_code == 403

    as_mentee = client_as(cast.mentee)
    assert as_mentee.get(reverse("programs:detail", kwargs={"pk": mine.pk})).status_code == 200
    assert as_mentee.get(reverse("programs:detail", kwargs={"pk": other.pk})).status_code == 403
    assert as_mentee.get(reverse("programs:edit", kwargs={"pk": mine.pk})).status_code == 403

    as_curator = client_as(cast.curator)
    for program in (mine, other):
        assert as_curator.get(reverse("programs:detail", kwargs={"pk": program.pk})).status_code == 200


@pytest.mark.django_db
def test_mentor_logs_a_session_that_marks_the_item_done_and_mentee_reflects(cast, client_as):
    program = own_program(cast)
    item = program.items.get()
    response = client_as(cast.mentor).post(
        reverse("programs:log_add", kwargs={"pk": program.pk}),
        {
            "occurred_on": "10.09.2026",
            "duration_minutes": "40",
            "format": "online",
            "plan_item": item.pk,
            "what_done": "Разобрали технологическую карту урока",
            "result": "Карта урока по теме «Дроби»",
            "mark_done": "on",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert (entry.duration_minutes, entry.format, entry.author) == (40, "online", cast.mentor)
    item.refresh_from_db()
    assert item.status == PlanItemStatus.DONE
    assert item.done_on == datetime.date(2026, 9, 10)

    client_as(cast.mentee).post(reverse("programs:reflect", kwargs={"pk": entry.pk}), {"reflection": "Стало понятнее"})
    entry.refresh_from_db()
    assert entry.reflection == "Стало понятнее"
    assert (
        client_as(cast.mentor)
        .post(reverse("programs:reflect", kwargs={"pk": entry.pk}), {"reflection": "x"})
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_overdue_items_and_progress_reach_the_curators_board(cast, client_as):
    program = approved_program(cast, items=[("Давно просроченное", datetime.date(2026, 9, 5))])
    page = client_as(cast.curator).get(reverse("mentoring:board")).content.decode()
    assert "1 просроченное мероприятие плана" in page
    assert reverse("programs:detail", kwargs={"pk": program.pk}) in page
    for item in PlanItem.objects.filter(program=program):  # saved, as the mentor's mark saves it
        item.status = PlanItemStatus.DONE
        item.save()
    page = client_as(cast.curator).get(reverse("mentoring:board")).content.decode()
    assert "просроченн" not in page
    assert "100%" in page


@pytest.mark.django_db
def test_the_mentee_agrees_and_the_curator_approves_in_the_pages(cast, client_as):
    mentor_person = Person.objects.get(user=cast.mentor)
    from people.models import MentorProfile
    from tests.mentoring.helpers import with_consents

    MentorProfile.objects.create(person=mentor_person)
    with_consents(mentor_person, "personal_data", "mentor")
    mentee_person = mentee(cast.school)
    from tests.programs.helpers import account

    account(mentee_person, "mentee2")
    mentorship = running_mentorship(cast, mentor_person=mentor_person, mentee_person=mentee_person)
    client = client_as(cast.mentor)
    client.post(
        reverse("programs:start", kwargs={"mentorship_pk": mentorship.pk}),
        {"title": "Программа", "goal": "Цель", "start": "2026-09-01", "end": "2027-05-31"},
    )
    program = mentorship.program
    client.post(
        reverse("programs:item_add", kwargs={"pk": program.pk}),
        {"title": "Встреча", "kind": "consultation", "planned_on": "2026-09-10"},
    )
    assert program.items.count() == 1
    client_as(mentee_person.user).post(reverse("programs:agree", kwargs={"pk": program.pk}))
    client_as(cast.curator).post(reverse("programs:approve", kwargs={"pk": program.pk}))
    program.refresh_from_db()
    assert program.status == ProgramStatus.APPROVED
    assert program.agreed_by == mentee_person.user


@pytest.mark.django_db
def test_the_calendar_feed_is_valid_icalendar_and_can_be_revoked(cast, client_as):
    program = own_program(cast)
    PlanItem.objects.create(program=program, title="Открытый урок наставника", planned_on=timezone.localdate())
    client = client_as(cast.mentor)
    client.get(reverse("programs:calendar"))
    token = cast.mentor.calendar_feed.token
    client.logout()

    response = client.get(reverse("programs:ical", kwargs={"token": token}))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert "Открытый урок наставника" in [str(e["SUMMARY"]) for e in events]

    client.force_login(cast.mentor)
    client.post(reverse("programs:revoke_feed"))
    client.logout()
    assert client.get(reverse("programs:ical", kwargs={"token": token})).status_code == 404


@pytest.mark.django_db
def test_the_bank_finds_best_practices_and_mentors_see_only_those_and_their_own(cast, client_as):
    program = approved_program(cast)
    program.title = "Цифровая лаборатория на уроках физики"
    program.save()
    page = client_as(cast.curator).get(reverse("programs:bank"), {"q": "лаборатория"}).content.decode()
    assert "Цифровая лаборатория" in page
    assert "Цифровая лаборатория" not in client_as(cast.mentor).get(reverse("programs:bank")).content.decode()
    assert client_as(cast.mentee).get(reverse("programs:bank")).status_code == 403


@pytest.mark.django_db
def test_the_mentors_home_page_shows_progress_and_a_quick_log_button(cast, client_as):
    program = own_program(cast)
    PlanItem.objects.filter(program=program).update(planned_on=datetime.date(2026, 9, 10))
    page = client_as(cast.mentor).get(reverse("home")).content.decode()
    section = page[page.index('data-testid="my-mentorships"') :]
    assert program.title in section
    assert reverse("programs:log_add", kwargs={"pk": program.pk}) in section
    assert "0%" in section

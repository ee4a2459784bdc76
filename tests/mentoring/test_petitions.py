"""Participants' requests (seed 000 §2.5, §2.8; seed 004 §III.9): the mentor asks to step down,
the mentee for another mentor, either to end early; the curator answers; the Labour Code's three
working days' notice (art. 351.8) is counted on Russia's production calendar."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from mentoring import lifecycle, notice, petitions, replacement
from mentoring.models import (
    Participant,
    Petition,
    PetitionKind,
    PetitionReason,
    ReplacementReason,
    Status,
    TerminationReason,
)
from notifications.models import Notification
from people.models import MenteeProfile, MentorProfile, Person
from portal.todo import tasks_of
from tests.mentoring.helpers import mentor, with_consents
from tests.programs.helpers import running_mentorship

MONDAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("notice_on", "earliest"),
    [
        (MONDAY, datetime.date(2026, 12, 10)),  # Tue, Wed, Thu
        (datetime.date(2026, 12, 10), datetime.date(2026, 12, 15)),  # Fri, Mon, Tue
        (datetime.date(2026, 12, 29), datetime.date(2027, 1, 12)),  # 30.12, 31.12, then the New Year holidays
        (datetime.date(2025, 10, 30), datetime.date(2025, 11, 5)),  # the working Saturday 1.11, 3–4.11 off
    ],
)
def test_three_working_days_follow_the_production_calendar(notice_on, earliest):
    assert notice.earliest_end(notice_on) == earliest


@pytest.fixture
def pair(cast):
    """An approved pair of the cast's mentor and mentee, both with accounts."""
    mentor_person = Person.objects.get(user=cast.mentor)
    mentee_person = Person.objects.get(user=cast.mentee)
    MentorProfile.objects.create(person=mentor_person)
    MenteeProfile.objects.create(person=mentee_person)
    with_consents(mentor_person, "personal_data", "mentor")
    with_consents(mentee_person, "personal_data", "mentee")
    return running_mentorship(cast, mentor_person=mentor_person, mentee_person=mentee_person)


def submit(pair, user, kind, reason=PetitionReason.PERSONAL, comment="", on=MONDAY):
    return petitions.petition_submit(mentorship=pair, by=user, kind=kind, reason=reason, comment=comment, on=on)


def notified(user, kind):
    return list(Notification.objects.filter(user=user, kind=kind).values_list("title", "body"))


def test_a_mentor_asks_to_step_down_and_the_request_is_the_notice(cast, pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        petition = submit(pair, cast.mentor, PetitionKind.STEP_DOWN, PetitionReason.PROGRAM_FULFILLED)

    assert petition.state == Petition.State.OPEN
    assert petition.participant.role == Participant.Role.MENTOR
    assert petition.earliest_end == datetime.date(2026, 12, 10)
    [(title, body)] = notified(cast.curator, "petition_submitted")
    assert "Смирнов" in title
    assert "10.12.2026" in body
    assert notified(cast.director, "petition_submitted")
    assert not notified(cast.mentor, "petition_submitted")


def test_other_reasons_need_a_comment_and_each_role_has_its_own_requests(cast, pair):
    with pytest.raises(ValidationError):
        submit(pair, cast.mentor, PetitionKind.STEP_DOWN, PetitionReason.OTHER)
    with pytest.raises(ValidationError):
        submit(pair, cast.mentee, PetitionKind.STEP_DOWN)
    with pytest.raises(ValidationError):
        submit(pair, cast.mentee, PetitionKind.ANOTHER_MENTOR, PetitionReason.PROGRAM_FULFILLED)
    with pytest.raises(ValidationError):
        submit(pair, cast.mentor, PetitionKind.ANOTHER_MENTOR)
    assert not Petition.objects.exists()

    petition = submit(pair, cast.mentee, PetitionKind.ANOTHER_MENTOR, PetitionReason.OTHER, "Разные смены")

    assert petition.reason_text.endswith("Разные смены")
    assert petition.earliest_end is None  # the mentee's request becomes a notice once accepted


def test_one_open_request_at_a_time_and_only_from_a_current_participant(cast, pair):
    submit(pair, cast.mentee, PetitionKind.ANOTHER_MENTOR)
    with pytest.raises(ValidationError):
        submit(pair, cast.mentee, PetitionKind.END_EARLY)
    with pytest.raises(ValidationError):
        submit(pair, cast.curator, PetitionKind.END_EARLY)

    petitions.petition_withdraw(petition=Petition.objects.get(), by=cast.mentee)
    submit(pair, cast.mentee, PetitionKind.END_EARLY)

    assert list(Petition.objects.order_by("pk").values_list("state", flat=True)) == ["withdrawn", "open"]


def test_a_proposed_pair_takes_no_requests(cast):
    mentor_person = Person.objects.get(user=cast.mentor)
    MentorProfile.objects.create(person=mentor_person)
    with_consents(mentor_person, "personal_data", "mentor")
    mentorship = running_mentorship(cast, mentor_person=mentor_person)
    lifecycle.mentorship_revoke_approval(mentorship=mentorship, by=cast.director, order_number="1", note="—")
    mentorship.refresh_from_db()
    assert mentorship.status == Status.PROPOSED

    with pytest.raises(ValidationError):
        submit(mentorship, cast.mentor, PetitionKind.END_EARLY)


def test_refusing_needs_a_reason_the_requester_reads(cast, pair, django_capture_on_commit_callbacks):
    petition = submit(pair, cast.mentee, PetitionKind.ANOTHER_MENTOR)
    with pytest.raises(ValidationError):
        petitions.petition_refuse(petition=petition, by=cast.curator, answer="  ")
    petition.refresh_from_db()
    assert petition.state == Petition.State.OPEN

    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_refuse(petition=petition, by=cast.curator, answer="Программа почти выполнена")

    petition.refresh_from_db()
    assert petition.state == Petition.State.REFUSED
    [(_title, body)] = notified(cast.mentee, "petition_answered")
    assert "Программа почти выполнена" in body
    assert not notified(cast.mentor, "petition_answered")
    with pytest.raises(ValidationError):
        petitions.petition_accept(petition=petition, by=cast.curator)


def test_an_accepted_mentee_request_is_the_mentors_notice_and_leads_to_the_replacement(
    cast, pair, django_capture_on_commit_callbacks
):
    petition = submit(pair, cast.mentee, PetitionKind.ANOTHER_MENTOR, PetitionReason.INCOMPATIBILITY)
    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_accept(petition=petition, by=cast.curator, on=MONDAY)

    petition.refresh_from_db()
    assert petition.state == Petition.State.ACCEPTED
    assert petition.earliest_end == datetime.date(2026, 12, 10)
    assert notified(cast.mentee, "petition_answered")
    [(_title, body)] = notified(cast.mentor, "petition_answered")
    assert "10.12.2026" in body
    assert [t.key for t in tasks_of(cast.curator, cast.school, [Role.CURATOR]) if t.key.startswith("petitions")] == [
        "petitions-accepted"
    ]

    outgoing = Person.objects.get(user=cast.mentor)
    incoming = mentor(cast.school)
    with pytest.raises(ValidationError, match=r"10\.12\.2026"):
        replacement.replacement_request(
            mentorship=pair,
            outgoing=outgoing,
            incoming=incoming,
            reason=ReplacementReason.MENTEE_REQUEST,
            effective_on=datetime.date(2026, 12, 9),
            by=cast.curator,
        )
    made = replacement.replacement_request(
        mentorship=pair,
        outgoing=outgoing,
        incoming=incoming,
        reason=ReplacementReason.MENTEE_REQUEST,
        effective_on=datetime.date(2026, 12, 10),
        by=cast.curator,
    )

    petition.refresh_from_db()
    assert petition.replacement == made
    assert not [t for t in tasks_of(cast.curator, cast.school, [Role.CURATOR]) if t.key.startswith("petitions")]


def test_an_accepted_request_to_end_early_waits_three_working_days(cast, pair):
    petition = submit(pair, cast.mentor, PetitionKind.END_EARLY, on=MONDAY)
    petitions.petition_accept(petition=petition, by=cast.curator, on=MONDAY)

    with pytest.raises(ValidationError, match=r"10\.12\.2026"):
        lifecycle.mentorship_terminate(
            mentorship=pair, by=cast.curator, reason=TerminationReason.MENTOR_INITIATIVE, on=datetime.date(2026, 12, 9)
        )
    pair.refresh_from_db()
    assert pair.status in (Status.APPROVED, Status.ACTIVE)

    lifecycle.mentorship_terminate(
        mentorship=pair, by=cast.curator, reason=TerminationReason.MENTOR_INITIATIVE, on=datetime.date(2026, 12, 10)
    )
    pair.refresh_from_db()
    assert pair.status == Status.TERMINATED
    assert not petitions.accepted_awaiting_step(cast.school).exists()


def test_the_curator_sees_open_requests_in_the_to_do_list(cast, pair):
    submit(pair, cast.mentee, PetitionKind.ANOTHER_MENTOR)

    [task] = [t for t in tasks_of(cast.curator, cast.school, [Role.CURATOR]) if t.key == "petitions"]

    assert task.count == 1
    assert task.url == reverse("mentoring:petitions")


# --- in the browser's requests (views) ---------------------------------------------


def test_the_mentor_writes_the_request_from_the_pair_page(cast, pair, client_as):
    client = client_as(cast.mentor)
    page = client.get(reverse("mentoring:detail", args=[pair.pk])).content.decode()
    assert reverse("mentoring:petition_new", args=[pair.pk]) in page

    form = client.get(reverse("mentoring:petition_new", args=[pair.pk])).content.decode()
    assert "351.8" in form
    assert 'value="another_mentor"' not in form

    response = client.post(
        reverse("mentoring:petition_new", args=[pair.pk]),
        {"kind": "step_down", "reason": "workload", "comment": ""},
    )

    assert response.status_code == 302
    assert Petition.objects.get().kind == PetitionKind.STEP_DOWN


def test_who_may_not_request_or_answer(cast, pair, client_as):
    assert client_as(cast.curator).get(reverse("mentoring:petition_new", args=[pair.pk])).status_code == 403
    assert client_as(cast.council_member).get(reverse("mentoring:petition_new", args=[pair.pk])).status_code == 403
    petition = submit(pair, cast.mentee, PetitionKind.ANOTHER_MENTOR)
    for user in (cast.mentor, cast.mentee, cast.council_member, cast.secretary):
        assert client_as(user).get(reverse("mentoring:petitions")).status_code == 403
        response = client_as(user).post(
            reverse("mentoring:petition_answer", args=[petition.pk]), {"decision": "accept"}
        )
        assert response.status_code == 403
    other_school = client_as(cast.other_curator)
    assert (
        other_school.post(reverse("mentoring:petition_answer", args=[petition.pk]), {"decision": "accept"}).status_code
        == 404
    )
    petition.refresh_from_db()
    assert petition.is_open


def test_the_curator_answers_from_the_list(cast, pair, client_as):
    petition = submit(pair, cast.mentee, PetitionKind.ANOTHER_MENTOR)
    client = client_as(cast.curator)
    listed = client.get(reverse("mentoring:petitions")).content.decode()
    assert "Васильева" in listed
    assert reverse("mentoring:petition_answer", args=[petition.pk]) in listed

    refused = client.post(reverse("mentoring:petition_answer", args=[petition.pk]), {"decision": "refuse"})
    petition.refresh_from_db()
    assert refused.status_code == 302
    assert petition.is_open  # no reason, no refusal

    accepted = client.post(reverse("mentoring:petition_answer", args=[petition.pk]), {"decision": "accept"})
    petition.refresh_from_db()
    assert petition.state == Petition.State.ACCEPTED
    assert accepted.url.startswith(reverse("mentoring:detail", args=[pair.pk]))
    detail = client.get(reverse("mentoring:detail", args=[pair.pk])).content.decode()
    assert 'value="mentee_request" selected' in detail

"""Sending a survey: personal links for the current participants of its audience, never twice."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring import lifecycle, replacement
from mentoring.models import Participant
from surveys.models import Invitation
from surveys.sending import invite
from tests.factories import SchoolFactory
from tests.mentoring.helpers import END, START, mentee, mentor, teacher_form
from tests.programs.helpers import running_mentorship
from tests.surveys.helpers import own_mentorship, ru, survey_from


def test_links_go_to_the_audience_only_and_sending_again_duplicates_nothing(cast):
    mentorship = own_mentorship(cast)
    for_mentees = survey_from(cast.school, "mentee_entry")
    for_both = survey_from(cast.school, "mentee_entry", audience="both")

    first = invite(survey=for_mentees, mentorship=mentorship, by=cast.curator)
    again = invite(survey=for_mentees, mentorship=mentorship, by=cast.curator)
    both = invite(survey=for_both, mentorship=mentorship, by=cast.curator)

    assert [(i.person.user, i.role) for i in first] == [(cast.mentee, "mentee")]
    assert [i.token for i in again] == [i.token for i in first]
    assert len(first[0].token) >= 32
    assert sorted(i.role for i in both) == ["mentee", "mentor"]
    assert Invitation.objects.count() == 3


def test_a_replaced_mentor_gets_no_link_but_the_new_one_does(cast):
    mentorship = running_mentorship(cast)
    outgoing = mentorship.participants.get(role="mentor").person
    newcomer = mentor(cast.school, last_name="Новикова")
    item = replacement.replacement_request(
        mentorship=mentorship,
        outgoing=outgoing,
        incoming=newcomer,
        reason="illness",
        effective_on=datetime.date(2026, 11, 1),
        by=cast.curator,
    )
    replacement.replacement_apply(
        replacement=item, order_number="7", order_date=datetime.date(2026, 10, 30), by=cast.director
    )
    mentorship.refresh_from_db()
    survey = survey_from(cast.school, "mentor_exit")

    invitations = invite(survey=survey, mentorship=mentorship, by=cast.curator)

    assert [i.person for i in invitations] == [newcomer]


def test_entry_and_exit_surveys_go_to_mentorships_in_the_right_status(cast):
    entry, exit_ = survey_from(cast.school, "mentee_entry"), survey_from(cast.school, "mentee_exit")
    draft, _warnings = lifecycle.mentorship_create(
        school=cast.school,
        form=teacher_form(cast.school),
        mentors=[mentor(cast.school)],
        mentees=[mentee(cast.school)],
        start=START,
        end=END,
        by=cast.curator,
    )
    with pytest.raises(ValidationError, match="«"):
        invite(survey=entry, mentorship=draft, by=cast.curator)
    with pytest.raises(ValidationError):
        invite(survey=exit_, mentorship=draft, by=cast.curator)

    active = running_mentorship(cast)
    assert len(invite(survey=entry, mentorship=active, by=cast.curator)) == 1
    assert len(invite(survey=exit_, mentorship=active, by=cast.curator)) == 1

    lifecycle.mentorship_complete(mentorship=active, by=cast.curator, on=END)
    active.refresh_from_db()
    assert len(invite(survey=exit_, mentorship=active, by=cast.curator)) == 1
    completed_entry = survey_from(cast.school, "mentor_entry")
    with pytest.raises(ValidationError):
        invite(survey=completed_entry, mentorship=active, by=cast.curator)
    assert not Invitation.objects.filter(mentorship=draft).exists()


def test_a_survey_is_never_sent_to_another_schools_mentorship(cast):
    survey = survey_from(SchoolFactory(), "mentee_entry")
    with pytest.raises(ValidationError):
        invite(survey=survey, mentorship=running_mentorship(cast), by=cast.curator)


def test_curator_sends_to_several_pairs_and_sees_the_links(cast, client_as):
    survey = survey_from(cast.school, "mentee_entry")
    pairs = [own_mentorship(cast), running_mentorship(cast)]
    client = client_as(cast.curator)
    page = client.get(reverse("surveys:send") + f"?survey={survey.pk}").content.decode()
    assert f'<option value="{survey.pk}" selected>' in page

    response = client.post(reverse("surveys:send"), {"survey": survey.pk, "mentorships": [m.pk for m in pairs]})

    assert response.status_code == 302
    assert Invitation.objects.filter(survey=survey).count() == 2
    page = client.get(reverse("surveys:detail", kwargs={"pk": survey.pk})).content.decode()
    assert ru("The links can be sent to the participants.") in page
    for invitation in Invitation.objects.all():
        assert reverse("survey_answer", kwargs={"token": invitation.token}) in page
        assert invitation.person.full_name in page

    client.post(reverse("surveys:send"), {"survey": survey.pk, "mentorships": [m.pk for m in pairs]})
    assert Invitation.objects.filter(survey=survey).count() == 2


def test_sending_page_reports_refusals_and_sends_the_rest(cast, client_as):
    survey = survey_from(cast.school, "mentor_entry")
    pair = running_mentorship(cast)
    replaced_away = running_mentorship(cast)
    Participant.objects.filter(mentorship=replaced_away, role="mentor").update(ended_on=datetime.date(2026, 10, 1))

    response = client_as(cast.curator).post(
        reverse("surveys:send"), {"survey": survey.pk, "mentorships": [pair.pk, replaced_away.pk]}, follow=True
    )

    assert Invitation.objects.filter(mentorship=pair).count() == 1
    assert not Invitation.objects.filter(mentorship=replaced_away).exists()
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()

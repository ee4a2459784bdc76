"""Replacing a mentor: the old period closes, the new one starts, history stays."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from mentoring import lifecycle
from mentoring.models import Participant, Replacement, ReplacementReason
from mentoring.replacement import replacement_apply, replacement_request
from tests.mentoring.helpers import START, mentor
from tests.mentoring.test_lifecycle import active

EFFECTIVE = datetime.date(2026, 12, 1)


@pytest.mark.django_db
def test_replacement_awaits_its_order_then_swaps_the_periods(cast):
    old = mentor(cast.school, last_name="Уходящий")
    new = mentor(cast.school, last_name="Новый")
    mentorship = active(cast, mentors=[old])

    pending = replacement_request(
        mentorship=mentorship,
        outgoing=old,
        incoming=new,
        reason=ReplacementReason.PARENTAL_LEAVE,
        effective_on=EFFECTIVE,
        by=cast.curator,
    )
    assert pending.state == Replacement.State.AWAITING_ORDER
    assert mentorship.mentors == [old]

    replacement_apply(
        replacement=pending, order_number="01-10/40", order_date=datetime.date(2026, 11, 28), by=cast.director
    )

    periods = list(mentorship.participants.filter(role=Participant.Role.MENTOR).order_by("started_on"))
    assert [(p.person, p.started_on, p.ended_on) for p in periods] == [
        (old, START, EFFECTIVE - datetime.timedelta(days=1)),
        (new, EFFECTIVE, None),
    ]
    assert periods[0].end_reason == "отпуск наставника по уходу за ребёнком"
    from mentoring.models import Mentorship

    assert Mentorship.objects.get(pk=mentorship.pk).mentors == [new]
    assert "Замена наставника" in mentorship.status_changes.last().note
    assert lifecycle.mentor_load(old) == 0
    assert lifecycle.mentor_load(new) == 1


@pytest.mark.django_db
def test_a_replacement_needs_the_new_mentors_consents_and_an_order(cast):
    old = mentor(cast.school)
    unsigned = mentor(cast.school, consents=False, last_name="Несогласный")
    mentorship = active(cast, mentors=[old])
    with pytest.raises(ValidationError, match="Несогласный"):
        replacement_request(
            mentorship=mentorship,
            outgoing=old,
            incoming=unsigned,
            reason="illness",
            effective_on=EFFECTIVE,
            by=cast.curator,
        )
    pending = replacement_request(
        mentorship=mentorship,
        outgoing=old,
        incoming=mentor(cast.school),
        reason="illness",
        effective_on=EFFECTIVE,
        by=None,
    )
    with pytest.raises(ValidationError, match="приказ"):
        replacement_apply(replacement=pending, order_number="", order_date=None, by=cast.director)
    assert mentorship.mentors == [old]


@pytest.mark.django_db
def test_only_a_current_mentor_can_be_replaced_and_only_once_at_a_time(cast):
    old = mentor(cast.school)
    mentorship = active(cast, mentors=[old])
    stranger = mentor(cast.school, last_name="Посторонний")
    with pytest.raises(ValidationError, match="Посторонний"):
        replacement_request(
            mentorship=mentorship,
            outgoing=stranger,
            incoming=mentor(cast.school),
            reason="study",
            effective_on=EFFECTIVE,
            by=None,
        )
    replacement_request(
        mentorship=mentorship,
        outgoing=old,
        incoming=mentor(cast.school),
        reason="study",
        effective_on=EFFECTIVE,
        by=None,
    )
    with pytest.raises(ValidationError, match="уже ожидает"):
        replacement_request(
            mentorship=mentorship,
            outgoing=old,
            incoming=mentor(cast.school),
            reason="study",
            effective_on=EFFECTIVE,
            by=None,
        )

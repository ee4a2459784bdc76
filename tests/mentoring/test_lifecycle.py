"""Every allowed and forbidden step of a mentorship's life, with its reasons."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_fsm import TransitionNotAllowed

from mentoring import lifecycle
from mentoring.models import MentoringSettings, Mentorship, Status, TerminationReason
from people import services as people_services
from people.models import ConsentKind, PersonKind
from tests.mentoring.helpers import END, START, mentee, mentor, teacher_form

ORDER_DAY = datetime.date(2026, 8, 28)


def draft(cast, *, mentors=None, mentees=None, start=START, end=END):
    mentors = mentors or [mentor(cast.school)]
    mentees = mentees or [mentee(cast.school)]
    mentorship, _warnings = lifecycle.mentorship_create(
        school=cast.school,
        form=teacher_form(cast.school),
        mentors=mentors,
        mentees=mentees,
        start=start,
        end=end,
        by=cast.curator,
    )
    return mentorship


def proposed(cast, **kwargs):
    mentorship = draft(cast, **kwargs)
    lifecycle.mentorship_propose(mentorship=mentorship, by=cast.curator)
    return mentorship


def approved(cast, **kwargs):
    """Fixed by the director's order, its start still to come."""
    mentorship = proposed(cast, **kwargs)
    lifecycle.mentorship_approve(
        mentorship=mentorship, by=cast.director, order_number="01-10/15", order_date=ORDER_DAY, on=ORDER_DAY
    )
    return mentorship


def active(cast, **kwargs):
    mentorship = proposed(cast, **kwargs)
    lifecycle.mentorship_approve(
        mentorship=mentorship, by=cast.director, order_number="01-10/15", order_date=ORDER_DAY, on=START
    )
    return mentorship


@pytest.mark.django_db
def test_the_happy_path_records_who_and_when(cast):
    mentorship = active(cast)
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE
    steps = [(c.from_status, c.to_status, c.by) for c in mentorship.status_changes.all()]
    assert steps == [
        ("", Status.DRAFT, cast.curator),
        (Status.DRAFT, Status.PROPOSED, cast.curator),
        (Status.PROPOSED, Status.APPROVED, cast.director),
        (Status.APPROVED, Status.ACTIVE, cast.director),
    ]
    lifecycle.mentorship_complete(mentorship=mentorship, by=cast.curator, on=datetime.date(2027, 5, 30))
    assert mentorship.status == Status.COMPLETED
    assert mentorship.actual_end == datetime.date(2027, 5, 30)


@pytest.mark.django_db
def test_approval_before_the_start_waits_and_activates_on_the_day(cast):
    mentorship = proposed(cast)
    lifecycle.mentorship_approve(
        mentorship=mentorship, by=cast.director, order_number="7", order_date=ORDER_DAY, on=ORDER_DAY
    )
    assert mentorship.status == Status.APPROVED
    assert lifecycle.activate_due(on=START - datetime.timedelta(days=1)) == 0
    assert lifecycle.activate_due(on=START) == 1
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE


@pytest.mark.django_db
def test_no_proposal_without_every_consent(cast):
    unsigned = mentee(cast.school, consents=False, last_name="Неподписавшая")
    mentorship = draft(cast, mentees=[unsigned])
    with pytest.raises(ValidationError) as error:
        lifecycle.mentorship_propose(mentorship=mentorship, by=cast.curator)
    assert any("Неподписавшая" in m and "обработка персональных данных" in m for m in error.value.messages)
    mentorship.refresh_from_db()
    assert mentorship.status == Status.DRAFT


@pytest.mark.django_db
def test_a_minor_mentee_needs_a_guardians_consent(cast):
    pupil_mentor = mentor(cast.school, kind=PersonKind.PUPIL, birth_date=datetime.date(2009, 3, 1))
    pupil = mentee(cast.school, kind=PersonKind.PUPIL, birth_date=datetime.date(2014, 3, 1))
    from mentoring.models import MentoringForm

    form = MentoringForm.objects.get(school=cast.school, name="ученик – ученик")
    mentorship, _ = lifecycle.mentorship_create(
        school=cast.school, form=form, mentors=[pupil_mentor], mentees=[pupil], start=START, end=END, by=cast.curator
    )
    with pytest.raises(ValidationError, match="законного представителя"):
        lifecycle.mentorship_propose(mentorship=mentorship, by=cast.curator)


@pytest.mark.django_db
def test_no_approval_without_an_order(cast):
    mentorship = proposed(cast)
    with pytest.raises(ValidationError, match="приказ"):
        lifecycle.mentorship_approve(mentorship=mentorship, by=cast.director, order_number=" ", order_date=ORDER_DAY)
    with pytest.raises(ValidationError, match="будущем"):
        lifecycle.mentorship_approve(
            mentorship=mentorship, by=cast.director, order_number="5", order_date=START, on=ORDER_DAY
        )
    mentorship.refresh_from_db()
    assert mentorship.status == Status.PROPOSED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "from_status"),
    [
        ("propose", Status.PROPOSED),
        ("approve", Status.DRAFT),
        ("complete", Status.PROPOSED),
        ("return", Status.DRAFT),
        ("terminate", Status.COMPLETED),
        ("terminate", Status.DRAFT),
        ("terminate", Status.PROPOSED),
    ],
)
def test_forbidden_steps_are_refused_and_change_nothing(cast, step, from_status):
    mentorship = {Status.DRAFT: draft, Status.PROPOSED: proposed}.get(from_status, active)(cast)
    if from_status == Status.COMPLETED:
        lifecycle.mentorship_complete(mentorship=mentorship, by=cast.curator, on=END)
    calls = {
        "propose": lambda: lifecycle.mentorship_propose(mentorship=mentorship, by=cast.curator),
        "approve": lambda: lifecycle.mentorship_approve(
            mentorship=mentorship, by=cast.director, order_number="1", order_date=ORDER_DAY
        ),
        "complete": lambda: lifecycle.mentorship_complete(mentorship=mentorship, by=cast.curator),
        "return": lambda: lifecycle.mentorship_return_to_draft(mentorship=mentorship, by=cast.curator),
        "terminate": lambda: lifecycle.mentorship_terminate(
            mentorship=mentorship, by=cast.curator, reason=TerminationReason.MUTUAL
        ),
    }
    with pytest.raises(ValidationError):
        calls[step]()
    assert Mentorship.objects.get(pk=mentorship.pk).status == from_status


@pytest.mark.django_db
def test_the_status_cannot_be_set_directly(cast):
    mentorship = draft(cast)
    with pytest.raises(AttributeError):
        mentorship.status = Status.ACTIVE
    with pytest.raises(TransitionNotAllowed):
        mentorship.complete()


@pytest.mark.django_db
@pytest.mark.parametrize("from_status", [Status.APPROVED, Status.ACTIVE])
def test_termination_needs_a_reason_and_is_recorded(cast, from_status):
    mentorship = {Status.APPROVED: approved, Status.ACTIVE: active}[from_status](cast)
    with pytest.raises(ValidationError, match="причину"):
        lifecycle.mentorship_terminate(mentorship=mentorship, by=cast.curator, reason="")
    lifecycle.mentorship_terminate(
        mentorship=mentorship,
        by=cast.curator,
        reason=TerminationReason.IMPROPER_FULFILMENT,
        note="Не выполняется план",
        on=datetime.date(2026, 12, 1),
    )
    mentorship.refresh_from_db()
    assert mentorship.status == Status.TERMINATED
    assert mentorship.termination_reason == TerminationReason.IMPROPER_FULFILMENT
    assert mentorship.status_changes.last().note == "Не выполняется план"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("end", "message"),
    [
        (datetime.date(2026, 11, 29), "короче 3"),
        (datetime.date(2027, 9, 1), "дольше 12"),
        (datetime.date(2026, 8, 1), "раньше начала"),
    ],
)
def test_the_term_must_fit_3_to_12_months(cast, end, message):
    with pytest.raises(ValidationError, match=message):
        draft(cast, end=end)
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("end", [datetime.date(2026, 11, 30), datetime.date(2027, 8, 31)])
def test_exactly_3_and_exactly_12_months_fit(cast, end):
    assert draft(cast, end=end).planned_end == end


@pytest.mark.django_db
def test_the_form_decides_who_may_mentor_whom(cast):
    pupil = mentee(cast.school, kind=PersonKind.PUPIL, last_name="Ученикова")
    with pytest.raises(ValidationError, match="Ученикова"):
        draft(cast, mentees=[pupil])


@pytest.mark.django_db
def test_a_group_has_one_mentor(cast):
    with pytest.raises(ValidationError, match="одного наставника"):
        draft(
            cast, mentors=[mentor(cast.school), mentor(cast.school)], mentees=[mentee(cast.school), mentee(cast.school)]
        )
    group = draft(cast, mentees=[mentee(cast.school), mentee(cast.school), mentee(cast.school)])
    assert group.is_group


@pytest.mark.django_db
def test_load_over_own_maximum_warns_and_over_the_cap_refuses(cast):
    MentoringSettings.objects.filter(school=cast.school).update(mentor_hard_cap=3)
    busy = mentor(cast.school, max_mentees=1, last_name="Занятой")
    active(cast, mentors=[busy])

    second = draft(cast, mentors=[busy])
    warnings = lifecycle.mentorship_propose(mentorship=second, by=cast.curator)
    assert any("больше своей нормы" in w for w in warnings)

    third = draft(cast, mentors=[busy], mentees=[mentee(cast.school), mentee(cast.school)])
    with pytest.raises(ValidationError, match="не более 3"):
        lifecycle.mentorship_propose(mentorship=third, by=cast.curator)
    assert lifecycle.mentor_load(busy) == 2


@pytest.mark.django_db
def test_a_consent_withdrawn_mid_way_flags_the_mentorship(cast):
    mentorship = active(cast)
    consent = mentorship.mentees[0].consents.get(kind=ConsentKind.MENTEE_PARTICIPATION)

    people_services.consent_withdraw(consent=consent, actor=cast.curator, on=datetime.date(2026, 10, 1))

    mentorship.refresh_from_db()
    assert "отозвал(а) согласие" in mentorship.consent_alert
    assert mentorship.status == Status.ACTIVE
    from mentoring.selectors import alerts_for

    assert any(
        "01.10.2026" in a for a in alerts_for(Mentorship.objects.get(pk=mentorship.pk), datetime.date(2026, 10, 2))
    )


@pytest.mark.django_db
def test_running_during_takes_overlap_by_at_least_one_day(cast):
    mentorship = active(cast)
    year = (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))
    assert list(Mentorship.objects.running_during(*year)) == [mentorship]
    assert not Mentorship.objects.running_during(datetime.date(2027, 6, 1), datetime.date(2028, 5, 31)).exists()
    assert Mentorship.objects.running_during(datetime.date(2027, 5, 31), datetime.date(2028, 5, 31)).exists()

"""An early end goes through the director's order (seed 004 §III.9; Labour Code art. 351.8):
the curator proposes it, the order names the pairs, the day and the grounds, and only the
signature (or a registered paper original) ends the pair; a contested original undoes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from documents import drafting, paper, signing
from documents.forms import TerminationOrderForm
from documents.models import Document, DocumentSettings, SigningMode
from mentoring import lifecycle
from mentoring.models import Mentorship, Status, TerminationReason
from portal.todo import tasks_of
from tests.documents.scans import pdf_scan
from tests.documents.test_document_language import grigoryeva, ivanov, text_of, vasilyeva
from tests.documents.test_document_language import school as school  # the fixture, re-exported
from tests.mentoring.helpers import mentor
from tests.mentoring.test_lifecycle import active

PASSWORD = "secret-pass-1"
END_ON = datetime.date(2026, 12, 21)


def propose(pair, cast, reason=TerminationReason.MENTOR_INITIATIVE, on=END_ON, note=""):
    lifecycle.termination_propose(mentorship=pair, by=cast.curator, reason=reason, note=note, on=on)
    return Mentorship.objects.get(pk=pair.pk)


@pytest.mark.django_db
def test_the_curators_form_proposes_and_nothing_ends_before_the_order(cast, client_as, school):
    pair = active(cast, mentors=[grigoryeva(school)], mentees=[ivanov(school)])
    client = client_as(cast.curator)

    response = client.post(
        reverse("mentoring:terminate", args=[pair.pk]),
        {"reason": TerminationReason.MUTUAL, "on": END_ON.strftime("%d.%m.%Y"), "note": ""},
    )

    assert response.status_code == 302
    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.status == Status.ACTIVE
    assert pair.termination_proposed
    assert pair.termination_on == END_ON
    assert pair in TerminationOrderForm(school=school).fields["mentorships"].queryset
    [task] = [t for t in tasks_of(cast.curator, school, [Role.CURATOR]) if t.key == "to-terminate"]
    assert task.count == 1
    with pytest.raises(ValidationError):
        propose(pair, cast)  # one proposal at a time


@pytest.mark.django_db
def test_an_early_end_is_not_proposed_past_the_term_nor_for_a_proposed_pair(cast, school):
    pair = active(cast, mentors=[grigoryeva(school)], mentees=[ivanov(school)])
    with pytest.raises(ValidationError):
        propose(pair, cast, on=pair.planned_end + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        propose(pair, cast, reason=TerminationReason.NOT_FORMED)
    assert not Mentorship.objects.get(pk=pair.pk).termination_proposed


@pytest.mark.django_db
def test_one_pair_order_reads_as_a_director_signs_it_and_ends_the_pair(cast, school):
    pair = propose(active(cast, mentors=[grigoryeva(school)], mentees=[ivanov(school)]), cast)
    document = drafting.draft_termination_order(school=school, mentorships=[pair], by=cast.curator)

    text = text_of(document, final=False)

    assert "О досрочном прекращении наставничества" in text
    assert "по инициативе наставника по уважительным причинам" in text
    assert (
        "Прекратить досрочно с 21.12.2026 реализацию персонализированной программы наставничества наставнической "
        "парой: наставник Григорьева Наталья Фёдоровна, учитель математики; наставляемый Иванов Пётр Сергеевич, "
        "учитель физики" in text
    )
    assert "Прекратить выплату доплаты за наставничество Григорьевой Наталье Фёдоровне с 21.12.2026." in text
    assert "статьёй 351.8 Трудового кодекса" in text

    signing.send_for_signature(document=document, by=cast.curator)
    assert Mentorship.objects.get(pk=pair.pk).status == Status.ACTIVE
    signing.sign(document=Document.objects.get(pk=document.pk), by=cast.director, password=PASSWORD)

    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.status == Status.TERMINATED
    assert pair.actual_end == max(END_ON, document.date)
    assert pair.termination_reason == TerminationReason.MENTOR_INITIATIVE


@pytest.mark.django_db
def test_several_pairs_are_listed_with_their_day_and_grounds_for_a_female_and_a_male_mentee(cast, school):
    first = propose(
        active(cast, mentors=[grigoryeva(school)], mentees=[vasilyeva(school)]),
        cast,
        reason=TerminationReason.MENTEE_INITIATIVE,
    )
    second_mentor = mentor(
        school, last_name="Орлов", first_name="Сергей", patronymic="Ильич", sex="m", position="Учитель истории"
    )
    second = propose(
        active(cast, mentors=[second_mentor], mentees=[ivanov(school)]),
        cast,
        reason=TerminationReason.MUTUAL,
        on=datetime.date(2026, 12, 28),
        note="переход на другую программу",
    )

    text = text_of(
        drafting.draft_termination_order(school=school, mentorships=[first, second], by=cast.curator), final=False
    )

    assert "Прекратить досрочно реализацию персонализированных программ наставничества наставническими парами" in text
    assert "По инициативе наставляемой по уважительным причинам" in text
    assert "По обоюдному решению наставника и наставляемого (переход на другую программу)" in text
    assert "21.12.2026" in text
    assert "28.12.2026" in text
    assert "наставляемый Васильева" not in text
    assert "Григорьевой Наталье Фёдоровне" in text
    assert "Орлову Сергею Ильичу" in text


@pytest.mark.django_db
def test_a_female_mentee_is_named_as_one(cast, school):
    pair = propose(active(cast, mentors=[grigoryeva(school)], mentees=[vasilyeva(school)]), cast)

    text = text_of(drafting.draft_termination_order(school=school, mentorships=[pair], by=cast.curator), final=False)

    assert "; наставляемая Васильева Анастасия Игоревна, учитель математики" in text
    assert "по инициативе наставника по уважительным причинам" in text


@pytest.mark.django_db
def test_a_contested_paper_original_brings_the_pair_back_still_waiting_for_its_order(cast, school):
    DocumentSettings.objects.update_or_create(school=school, defaults={"signing_mode": SigningMode.PAPER})
    pair = propose(active(cast, mentors=[grigoryeva(school)], mentees=[ivanov(school)]), cast)
    document = drafting.draft_termination_order(school=school, mentorships=[pair], by=cast.curator)
    signing.send_for_signature(document=document, by=cast.curator)
    registration = paper.register_original(
        document=Document.objects.get(pk=document.pk), by=cast.curator, upload=pdf_scan()
    )
    assert Mentorship.objects.get(pk=pair.pk).status == Status.TERMINATED

    paper.contest_registration(registration=registration, by=cast.director, reason="Не подписывала")

    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.status == Status.ACTIVE
    assert pair.actual_end is None
    assert pair.termination_proposed


@pytest.mark.django_db
def test_a_proposal_is_taken_back_only_while_no_order_holds_it(cast, school):
    pair = propose(active(cast, mentors=[grigoryeva(school)], mentees=[ivanov(school)]), cast)
    document = drafting.draft_termination_order(school=school, mentorships=[pair], by=cast.curator)
    with pytest.raises(ValidationError):
        lifecycle.termination_cancel(mentorship=pair, by=cast.curator)
    with pytest.raises(ValidationError):
        drafting.draft_termination_order(school=school, mentorships=[pair], by=cast.curator)

    from documents import orders

    orders.withdraw(document=document, by=cast.curator, reason="Передумали")
    lifecycle.termination_cancel(mentorship=Mentorship.objects.get(pk=pair.pk), by=cast.curator)

    pair = Mentorship.objects.get(pk=pair.pk)
    assert not pair.termination_proposed
    assert pair.status == Status.ACTIVE

"""Extending a program past the pair's term by mutual agreement (seed 000 §6.4) changes the
pair's term only by the director's extension order; the 12-month ceiling holds unless the curator
overrides it, and the override is printed in the order."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from documents import drafting, paper, signing
from documents.forms import ExtensionOrderForm
from documents.models import Document, DocumentSettings, SigningMode
from mentoring.models import Mentorship
from portal.todo import tasks_of
from programs import rules
from programs.models import PlanItem
from tests.documents.scans import pdf_scan
from tests.documents.test_document_language import grigoryeva, text_of, vasilyeva
from tests.documents.test_document_language import school as school  # the fixture, re-exported
from tests.programs.helpers import END, START, running_mentorship

PASSWORD = "secret-pass-1"
EXTENDED = datetime.date(2027, 8, 31)


def approved(cast, school):
    mentorship = running_mentorship(cast, mentor_person=grigoryeva(school), mentee_person=vasilyeva(school))
    program = rules.program_create(
        mentorship=mentorship,
        by=cast.curator,
        title="Адаптация молодого педагога",
        goal="Освоить планирование",
        start=START,
        end=END,
    )
    PlanItem.objects.create(program=program, title="Консультация", planned_on=datetime.date(2026, 9, 10))
    rules.program_agree(program=program, by=cast.mentee)
    rules.program_approve(program=program, by=cast.curator)
    return program


def extend(program, cast, end, override=""):
    rules.program_update(program=program, by=cast.curator, end=end)
    rules.correction_agree(program=program, by=cast.curator, as_mentor=True, reason="Продление по согласию")
    return rules.correction_agree(program=program, by=cast.curator, as_mentor=False, override_reason=override)


@pytest.mark.django_db
def test_an_agreed_extension_waits_for_the_order_and_the_order_moves_the_term(cast, school):
    program = approved(cast, school)
    extend(program, cast, EXTENDED)

    pair = Mentorship.objects.get(pk=program.mentorship_id)
    assert pair.planned_end == END  # the order's term, until the new order
    assert pair.extension_to == EXTENDED
    assert pair in ExtensionOrderForm(school=school).fields["mentorships"].queryset
    [task] = [t for t in tasks_of(cast.curator, school, [Role.CURATOR]) if t.key == "to-extend"]
    assert task.count == 1

    document = drafting.draft_extension_order(school=school, mentorships=[pair], by=cast.curator)
    text = text_of(document, final=False)
    assert "О продлении срока наставничества" in text
    assert "по обоюдному согласию наставника и наставляемой о продлении срока реализации персонализированной" in text
    assert (
        "Продлить до 31.08.2027 срок реализации персонализированной программы наставничества «Адаптация молодого "
        "педагога» наставнической парой: наставник Григорьева Наталья Фёдоровна, учитель математики; наставляемая "
        "Васильева Анастасия Игоревна, учитель математики (ранее установленный срок — с 01.09.2026 по 31.05.2027)."
        in text
    )
    assert "Продлить выплату доплаты за наставничество Григорьевой Наталье Фёдоровне до 31.08.2027" in text
    assert "двенадцать месяцев" not in text

    signing.send_for_signature(document=document, by=cast.curator)
    signing.sign(document=Document.objects.get(pk=document.pk), by=cast.director, password=PASSWORD)

    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.planned_end == EXTENDED
    assert pair.extension_to is None
    assert not [t for t in tasks_of(cast.curator, school, [Role.CURATOR]) if t.key == "to-extend"]


@pytest.mark.django_db
def test_past_twelve_months_only_with_the_curators_reason_printed_in_the_order(cast, school):
    program = approved(cast, school)
    too_long = datetime.date(2027, 10, 29)
    with pytest.raises(ValidationError, match="12"):
        extend(program, cast, too_long)
    pair = Mentorship.objects.get(pk=program.mentorship_id)
    assert pair.extension_to is None

    program.refresh_from_db()
    rules.program_update(
        program=program, by=cast.curator, end=too_long, term_override_reason="длительная болезнь наставляемой"
    )
    rules.correction_agree(program=program, by=cast.curator, as_mentor=True)
    rules.correction_agree(program=program, by=cast.curator, as_mentor=False)
    pair = Mentorship.objects.get(pk=program.mentorship_id)
    assert pair.extension_to == too_long

    text = text_of(drafting.draft_extension_order(school=school, mentorships=[pair], by=cast.curator), final=False)
    assert (
        "общий срок реализации программы превышает двенадцать месяцев по решению куратора реализации программ "
        "наставничества: длительная болезнь наставляемой." in text
    )


@pytest.mark.django_db
def test_a_contested_extension_order_brings_the_old_term_back(cast, school):
    DocumentSettings.objects.update_or_create(school=school, defaults={"signing_mode": SigningMode.PAPER})
    program = approved(cast, school)
    extend(program, cast, EXTENDED)
    pair = Mentorship.objects.get(pk=program.mentorship_id)
    document = drafting.draft_extension_order(school=school, mentorships=[pair], by=cast.curator)
    signing.send_for_signature(document=document, by=cast.curator)
    registration = paper.register_original(
        document=Document.objects.get(pk=document.pk), by=cast.curator, upload=pdf_scan()
    )
    assert Mentorship.objects.get(pk=pair.pk).planned_end == EXTENDED

    paper.contest_registration(registration=registration, by=cast.director, reason="Не подписывала")

    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.planned_end == END
    assert pair.extension_to == EXTENDED


@pytest.mark.django_db
def test_a_pair_without_an_agreed_extension_is_not_extended_by_order(cast, school):
    program = approved(cast, school)
    with pytest.raises(ValidationError):
        drafting.draft_extension_order(school=school, mentorships=[program.mentorship], by=cast.curator)

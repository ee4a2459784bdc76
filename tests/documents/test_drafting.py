"""Every kind of document drafts from the portal's data and prints the right Russian words."""

import datetime
import shutil

import pytest

from documents import drafting
from documents.models import DocumentType
from documents.printing import document_pdf
from mentoring.replacement import replacement_request
from programs.models import PlanItem, PlanItemStatus
from programs.rules import program_complete
from tests.factories import PersonFactory
from tests.mentoring.helpers import mentee, mentor
from tests.mentoring.test_lifecycle import active, proposed
from tests.programs.helpers import approved_program

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None and __import__("os").environ.get("CI") != "true",
    reason="poppler-utils (pdftotext) is not installed",
)


def raw_text(pdf: bytes) -> str:
    """The text in reading order (``-raw``): table cells stay whole, unlike ``-layout``."""
    import subprocess

    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def text_of(document, *, final=True) -> str:
    return " ".join(raw_text(document_pdf(document, final=final)).split())


@pytest.fixture
def school(cast):
    cast.school.full_name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 2»"
    cast.school.director_name = "Соколова Ирина Владимировна"
    cast.school.save()
    return cast.school


@pytest.mark.django_db
def test_a_pairs_order_declines_names_and_positions(cast, school):
    pair = proposed(
        cast,
        mentors=[
            mentor(school, last_name="Петрова", first_name="Мария", patronymic="Ивановна", position="Учитель физики")
        ],
        mentees=[
            mentee(
                school,
                last_name="Иванов",
                first_name="Пётр",
                patronymic="Сергеевич",
                sex="m",
                position="Учитель математики",
            )
        ],
    )
    text = text_of(drafting.draft_pairs_order(school=school, mentorships=[pair], by=cast.curator))
    assert "ПРИКАЗ" in text.replace(" ", "") or "П Р И К А З" in text
    assert "ПРИКАЗЫВАЮ:" in text
    assert "Назначить Петрову Марию Ивановну, учителя физики, наставником Иванова Петра Сергеевича" in text
    assert "С приказом ознакомлены" in text
    assert "И. В. Соколова" in text


@pytest.mark.django_db
def test_a_draft_is_marked_as_such(cast, school):
    document = drafting.draft_pairs_order(school=school, mentorships=[proposed(cast)], by=cast.curator)
    # The diagonal watermark comes out one letter a line.
    assert "П\nР\nО\nЕ\nК\nТ" in raw_text(document_pdf(document, final=False))


@pytest.mark.django_db
def test_an_order_with_many_pairs_prints_them_in_a_table(cast, school):
    pairs = [proposed(cast) for _ in range(3)]
    text = text_of(drafting.draft_pairs_order(school=school, mentorships=pairs, by=cast.curator))
    assert "согласно" not in text or "Форма наставничества" in text
    assert text.count("педагог – педагог") >= 3


@pytest.mark.django_db
def test_a_signed_document_prints_its_verification_link_and_no_draft_mark(cast, school):
    document = drafting.draft_pairs_order(school=school, mentorships=[proposed(cast)], by=cast.curator)
    text = text_of(document, final=True)
    assert f"/v/{document.verification_code}/" in text
    assert "П Р О Е К Т" not in text


@pytest.mark.django_db
def test_replacement_curator_award_and_completion_orders(cast, school):
    old = mentor(school, last_name="Смирнов", first_name="Андрей", patronymic="Викторович", sex="m")
    new = mentor(school, last_name="Кузнецова", first_name="Ольга", patronymic="Александровна")
    running = active(cast, mentors=[old])
    pending = replacement_request(
        mentorship=running,
        outgoing=old,
        incoming=new,
        reason="parental_leave",
        effective_on=datetime.date(2026, 12, 1),
        by=cast.curator,
    )
    text = text_of(drafting.draft_replacement_order(replacement=pending, by=cast.curator))
    assert "Освободить Смирнова Андрея Викторовича" in text
    assert "Назначить Кузнецову Ольгу Александровну" in text
    assert "с 01.12.2026" in text

    person = PersonFactory(
        school=school,
        last_name="Морозова",
        first_name="Елена",
        patronymic="Николаевна",
        position="Заместитель директора по УВР",
    )
    from tests.programs.helpers import account

    account(person, "morozova")
    text = text_of(
        drafting.draft_curator_order(school=school, person=person, by=cast.director, academic_year="2026/2027")
    )
    assert "Назначить Морозову Елену Николаевну, заместителя директора по УВР, куратором" in text

    text = text_of(
        drafting.draft_award_order(school=school, people=[old, new], award="почётной грамотой", by=cast.director)
    )
    assert "Наградить почётной грамотой" in text
    assert "Смирнова Андрея Викторовича" in text

    text = text_of(drafting.draft_completion_order(school=school, mentorships=[active(cast)], by=cast.curator))
    assert "Считать завершённой" in text


@pytest.mark.django_db
def test_the_program_and_the_mentors_report(cast, school):
    program = approved_program(cast)
    text = text_of(drafting.draft_program(program=program, by=cast.curator))
    assert "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА НАСТАВНИЧЕСТВА" in text
    assert "Консультация по планированию" in text
    assert "Реализационный" in text or "реализационный" in text.lower()

    PlanItem.objects.filter(program=program).update(status=PlanItemStatus.DONE)
    program_complete(
        program=program,
        by=cast.curator,
        reason="plan_done",
        on=datetime.date(2027, 5, 31),
        results="Дефициты преодолены",
    )
    text = text_of(drafting.draft_mentor_report(program=program, by=cast.curator))
    assert "ОТЧЁТ НАСТАВНИКА" in text
    assert "Дефициты преодолены" in text


@pytest.mark.django_db
def test_markup_in_a_name_prints_as_text(cast, school):
    evil = mentee(school, last_name='<img src="file:///etc/passwd">', first_name="<script>alert(1)</script>")
    text = text_of(drafting.draft_consent(person=evil, type=DocumentType.CONSENT_PARTICIPATION, by=cast.curator))
    assert 'src="file:///etc/passwd"' in text
    assert "<script>alert(1)</script>" in text

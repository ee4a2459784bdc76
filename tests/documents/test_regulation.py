"""The regulation order carries the Положение and the roadmap as pages of its own PDF; the public
section publishes the signed Положение (with its roadmap), never the order approving it."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from documents import drafting, paper, signing
from documents.models import Document, DocumentSettings, DocumentStatus, DocumentType, TemplateOverride
from documents.printing import document_pdf
from mentoring.models import MentoringForm, MentoringSettings, Mode
from monitoring.models import IndicatorTarget, RoadmapEvent, RoadmapStatus
from people.services import academic_year_of
from tests.documents.scans import pdf_scan
from tests.factories import PersonFactory

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")

SECTIONS = (
    "1. Общие положения",
    "2. Цель и задачи системы наставничества",
    "3. Права и обязанности участников системы наставничества",
    "4. Формы и виды наставничества",
    "5. Порядок осуществления наставничества",
    "6. Мониторинг и целевые показатели эффективности",
    "7. Поощрение наставников",
)


def flat(text: str) -> str:
    return " ".join(text.split())


def text_of(pdf: bytes) -> str:
    """The text in reading order (``-raw``): the two columns of the approval stamps stay apart."""
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return flat(raw.replace("-\n", "-"))  # «273-ФЗ» may wrap at its hyphen


def year() -> int:
    return academic_year_of(timezone.localdate())


@pytest.fixture
def school(cast):
    school = cast.school
    school.full_name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 2»"
    school.short_name = "МБОУ «СШ № 2»"
    school.director_name = "Соколова Алла Ивановна"
    school.director_position = "Директор"
    school.website = "https://school2.example.org"
    school.save()
    DocumentSettings.objects.create(school=school, number_prefix="01-10/", place="г. Лодейное Поле")
    MentoringSettings.objects.filter(school=school).update(mentor_hard_cap=4)
    form = MentoringForm.objects.for_school(school).get(name="педагог – педагог")
    form.role_models.create(school=school, name="наставник-методист – учитель начальных классов")
    Mode.objects.create(school=school, name="сетевое наставничество")
    IndicatorTarget.objects.create(school=school, code="teachers_in_programs", year=year(), value=Decimal("75.5"))
    RoadmapEvent.objects.create(
        school=school,
        year=year(),
        stage="Подготовительный",
        title="Педагогический совет «Наставничество в школе»",
        starts_on=datetime.date(year(), 9, 28),
        responsible="Директор, куратор",
        result="Принято Положение о системе наставничества",
    )
    RoadmapEvent.objects.create(
        school=school,
        year=year(),
        stage="Формирование пар и групп",
        title="Встреча-знакомство наставников и наставляемых",
        starts_on=datetime.date(year(), 10, 5),
        ends_on=datetime.date(year(), 10, 20),
        responsible="Куратор",
    )
    RoadmapEvent.objects.create(
        school=school,
        year=year(),
        stage="Формирование пар и групп",
        title="Отменённая встреча",
        starts_on=datetime.date(year(), 10, 6),
        status=RoadmapStatus.CANCELLED,
    )
    PersonFactory(
        school=school, user=cast.curator, last_name="Морозов", first_name="Борис", patronymic="Петрович", sex="m"
    )
    return school


def draft(cast, school):
    return drafting.draft_regulation_order(
        school=school,
        by=cast.curator,
        regulation_date=datetime.date(year(), 8, 28),
        roadmap_year=f"{year()}/{year() + 1}",
    )


def signed(cast, school):
    document = draft(cast, school)
    signing.send_for_signature(document=document, by=cast.curator)
    signing.sign(document=document, by=cast.director, password="secret-pass-1")
    document.refresh_from_db()
    return document


@pytest.mark.django_db
def test_the_signed_order_prints_the_regulation_and_the_roadmap_as_its_appendices(cast, school):
    document = signed(cast, school)
    with document.pdf.open("rb") as handle:
        pdf = handle.read()
    text = text_of(pdf)

    order, _, appendices = text.partition("Приложение 1 к приказу")
    assert "ПРИКАЗЫВАЮ:" in order
    assert "В соответствии со статьёй 28 Федерального закона от 29.12.2012 № 273-ФЗ" in order
    assert "Р-145" not in order  # the pupils' model is not the basis of the teachers' order
    assert "Утвердить Положение о системе наставничества" in order
    assert "(приложение 1)" in order
    assert f"на {year()}/{year() + 1} учебный год (приложение 2)" in order
    assert "Куратору реализации программ наставничества Морозову Борису Петровичу" in order
    assert "разместить Положение и дорожную карту в разделе «Наставничество» официального сайта" in order

    regulation, _, roadmap = appendices.partition("Приложение 2 к приказу")
    assert f"от {document.date:%d.%m.%Y} № {document.number}" in regulation  # the final number and date
    assert "УТВЕРЖДЕНО приказом директора МБОУ «СШ № 2»" in regulation
    assert "ПОЛОЖЕНИЕ" in regulation
    positions = [regulation.find(heading) for heading in SECTIONS]
    assert -1 not in positions, [h for h, p in zip(SECTIONS, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    # The school's catalogs, load cap and indicators with the year's targets.
    assert "«педагог – педагог»" in regulation
    assert "«наставник-методист – учитель начальных классов»" in regulation
    assert "сетевое наставничество" in regulation
    assert "реверсивное — профессионал младшего возраста становится наставником" in regulation
    assert "не более 4 наставляемых" in regulation
    assert "Доля молодых специалистов (педагогический стаж менее трёх лет)" in regulation
    assert "75,5 %" in regulation  # the school's own target
    assert "90 %" in regulation  # a standard one
    assert "не позднее 30 июня" in regulation
    assert "https://school2.example.org" in regulation

    assert "ДОРОЖНАЯ КАРТА" in roadmap
    assert f"на {year()}/{year() + 1} учебный год" in roadmap
    assert "Педагогический совет «Наставничество в школе»" in roadmap
    assert f"28.09.{year()}" in roadmap
    assert "Принято Положение о системе наставничества" in roadmap
    assert "Встреча-знакомство наставников и наставляемых" in roadmap
    assert "Отменённая встреча" not in roadmap


@pytest.mark.django_db
def test_the_public_section_serves_the_signed_regulation_not_the_order(cast, school, client):
    document = signed(cast, school)
    assert document.published_pdf

    response = client.get(f"/s/{school.slug}/nastavnichestvo/polozhenie.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    metadata = subprocess.run(["pdfinfo", "-meta", "-"], input=pdf, capture_output=True, check=True)
    assert 'pdfaid:part="3"' in metadata.stdout.decode()  # PDF/A, like the signed order
    text = text_of(pdf)
    assert "ПРИКАЗЫВАЮ" not in text
    assert text.startswith(school.full_name) or "ПОЛОЖЕНИЕ" in text
    assert f"УТВЕРЖДЕНО приказом директора МБОУ «СШ № 2» от {document.date:%d.%m.%Y} № {document.number}" in text
    assert "4. Формы и виды наставничества" in text
    assert "ДОРОЖНАЯ КАРТА" in text
    assert "Встреча-знакомство наставников и наставляемых" in text


@pytest.mark.django_db
def test_a_paper_original_publishes_the_regulation_rendered_from_the_drafted_context(cast, school, client):
    document = draft(cast, school)
    signing.send_for_signature(document=document, by=cast.curator)
    paper.register_original(document=document, by=cast.director, upload=pdf_scan())

    document.refresh_from_db()
    assert document.signed_on_paper
    with document.published_pdf.open("rb") as handle:
        text = text_of(handle.read())
    assert "ПОЛОЖЕНИЕ" in text
    assert "Встреча-знакомство наставников и наставляемых" in text


@pytest.mark.django_db
def test_the_appendices_print_what_was_drafted_not_todays_catalogs(cast, school):
    document = draft(cast, school)
    MentoringForm.objects.for_school(school).filter(name="педагог – педагог").update(name="учитель – учитель")
    RoadmapEvent.objects.for_school(school).update(title="Переименованное мероприятие")

    text = text_of(document_pdf(document, final=False))

    assert "«педагог – педагог»" in text
    assert "«учитель – учитель»" not in text
    assert "Встреча-знакомство наставников и наставляемых" in text
    assert "Переименованное мероприятие" not in text


@pytest.mark.django_db
def test_the_order_is_not_drafted_without_a_roadmap_for_the_year(cast, school):
    RoadmapEvent.objects.for_school(school).delete()

    with pytest.raises(ValidationError, match=r"(?i)roadmap|дорожн"):
        draft(cast, school)

    assert not Document.objects.for_school(school).exists()


@pytest.mark.django_db
def test_the_school_wording_of_the_regulation_is_used(cast, school):
    TemplateOverride.objects.create(
        school=school,
        type="regulation",
        html='{% extends "documents/base_print.html" %}{% block body %}'
        "<p>Наше собственное положение для {{ school.short_name }}: {{ regulation.forms|length }} форм.</p>"
        "{% endblock %}",
    )
    document = signed(cast, school)

    with document.published_pdf.open("rb") as handle:
        text = text_of(handle.read())
    assert "Наше собственное положение для МБОУ «СШ № 2»" in text
    assert "1. Общие положения" not in text
    assert "ДОРОЖНАЯ КАРТА" in text  # the roadmap keeps the standard wording


@pytest.mark.django_db
def test_a_regulation_signed_before_the_published_file_existed_is_rendered_once(cast, school, client):
    document = signed(cast, school)
    Document.objects.filter(pk=document.pk).update(published_pdf="")

    first = client.get(reverse("public:regulation", kwargs={"slug": school.slug}))

    assert first.status_code == 200
    stored = Document.objects.get(pk=document.pk).published_pdf.name
    assert stored
    assert client.get(reverse("public:regulation", kwargs={"slug": school.slug})).status_code == 200
    assert Document.objects.get(pk=document.pk).published_pdf.name == stored


@pytest.mark.django_db
def test_no_signed_regulation_no_file(cast, school, client):
    draft(cast, school)
    assert client.get(reverse("public:regulation", kwargs={"slug": school.slug})).status_code == 404


@pytest.mark.django_db
def test_a_school_with_pupil_forms_names_pupils_and_cites_the_pupils_model_in_the_regulation(cast, school):
    document = draft(cast, school)
    assert document.context["regulation"]["with_pupils"]  # the standard catalog has «ученик – ученик»
    for form in MentoringForm.objects.for_school(school):
        if "pupil" in form.mentor_kinds + form.mentee_kinds:
            form.is_active = False
            form.save(update_fields=["is_active"])
    only_teachers = draft(cast, school)
    assert not only_teachers.context["regulation"]["with_pupils"]

    text = text_of(document_pdf(document, final=False))
    assert "Положение о системе наставничества педагогических работников и обучающихся" in text
    assert "от 25.12.2019 № Р-145" in text.partition("Приложение 1 к приказу")[2]
    teachers = text_of(document_pdf(only_teachers, final=False))
    assert "Р-145" not in teachers


@pytest.mark.django_db
def test_only_a_signed_regulation_order_is_published(cast, school):
    other = drafting.draft_award_order(
        school=school,
        people=[PersonFactory(school=school)],
        award="Почётной грамотой",
        by=cast.curator,
    )
    signing.send_for_signature(document=other, by=cast.curator)
    signing.sign(document=other, by=cast.director, password="secret-pass-1")
    other.refresh_from_db()
    assert other.status == DocumentStatus.SIGNED
    assert not other.published_pdf
    assert other.type == DocumentType.ORDER_AWARD


@pytest.mark.django_db
def test_the_demo_school_publishes_its_signed_regulation_and_roadmap(client):
    from django.core.management import call_command

    from accounts.models import School

    call_command("seed_demo")
    call_command("seed_demo")
    school = School.objects.get(slug="sosh-2")

    response = client.get(reverse("public:regulation", kwargs={"slug": school.slug}))

    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    text = text_of(pdf)
    assert "ПРИКАЗЫВАЮ" not in text
    assert "ПОЛОЖЕНИЕ о системе наставничества" in text
    assert "ДОРОЖНАЯ КАРТА" in text
    assert "Обучающий семинар «Технологии наставничества»" in text
    assert "Сформированы наставнические пары и группы" in text


@pytest.mark.django_db
def test_a_new_regulation_voids_the_previous_one_and_replaces_it_in_the_public_section(cast, school, client):
    first = signed(cast, school)
    second = signed(cast, school)

    text = text_of(second.pdf.read())
    voided = f"утверждённое приказом от {first.date:%d.%m.%Y} № {first.number}"
    assert f"Признать утратившим силу Положение о системе наставничества, {voided}" in text
    served = client.get(reverse("public:regulation", kwargs={"slug": school.slug}))
    assert f"№ {second.number}" in text_of(b"".join(served.streaming_content))

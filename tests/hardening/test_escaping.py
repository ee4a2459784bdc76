"""Markup typed into the portal comes back as text: in pages, PDFs, the RSS feed, the calendar and spreadsheets."""

import datetime
import io
import xml.etree.ElementTree as ET
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from documents.drafting import draft_program
from documents.printing import document_pdf
from documents.rendering import pdf_first_page_png, pdf_text
from mentoring.models import Mentorship
from people.models import Deficit, Person
from programs.models import CalendarFeed, LogEntry, PlanItem, Program
from public.models import NewsItem
from surveys.builder import survey_from_template
from tests.documents.test_rendering import poppler  # noqa: F401 - the fixture: skipped without poppler, failed in CI
from tests.factories import PersonFactory
from tests.programs.helpers import approved_program
from tests.surveys.helpers import invitation_of, own_mentorship

SCRIPT = '<script>alert("x")</script>'
BOLD = "<b>Жирный</b>"
MARK = f"{SCRIPT}{BOLD}"
ESCAPED_BOLD = "&lt;b&gt;Жирный&lt;/b&gt;"
FORMULAS = ('=HYPERLINK("http://evil.example/","Нажми")', "+1+1", "-2+3", "@SUM(A1:A2)")


def item_day(program):
    return program.items.first().planned_on


@pytest.fixture
def marked(cast):
    """A school where every text people type and the portal shows back holds markup."""
    program = approved_program(cast, own_mentorship(cast))
    mentorship = program.mentorship
    mentor, mentee = mentorship.mentors[0], mentorship.mentees[0]
    Person.objects.filter(pk=mentor.pk).update(last_name=MARK, position=MARK)
    Person.objects.filter(pk=mentee.pk).update(patronymic=MARK, position=MARK)
    deficit = Deficit.objects.create(person=mentee, description=MARK, diagnosed_on=item_day(program))
    program.deficits.add(deficit)
    Program.objects.filter(pk=program.pk).update(title=MARK, goal=MARK, tasks=MARK, expected_results=MARK)
    PlanItem.objects.filter(program=program).update(title=MARK, responsible=MARK, expected_result=MARK)
    item = program.items.first()
    LogEntry.objects.create(
        program=program, plan_item=item, occurred_on=item.planned_on, what_done=MARK, result=MARK, reflection=MARK
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(direction=MARK, consent_alert=MARK)
    news = NewsItem.objects.create(school=cast.school, title=MARK, body=MARK, published_on=item.planned_on)
    survey = survey_from_template(school=cast.school, key="mentee_exit", by=None)
    survey.title, survey.description = MARK, MARK
    survey.save()
    survey.questions.filter(pk=survey.questions.first().pk).update(text=MARK)
    invitation = invitation_of(survey, mentorship)
    program.refresh_from_db()
    document = draft_program(program=program, by=cast.curator)
    return {
        "program": program,
        "mentorship": mentorship,
        "mentor": mentor,
        "news": news,
        "survey": survey,
        "document": document,
        "invitation": invitation,
    }


def pages(cast, marked):
    slug = cast.school.slug
    return [
        ("curator", reverse("people:person", kwargs={"pk": marked["mentor"].pk})),
        ("curator", reverse("people:bank")),
        ("curator", reverse("mentoring:detail", kwargs={"pk": marked["mentorship"].pk})),
        ("curator", reverse("mentoring:board")),
        ("curator", reverse("programs:detail", kwargs={"pk": marked["program"].pk})),
        ("curator", reverse("surveys:detail", kwargs={"pk": marked["survey"].pk})),
        ("curator", reverse("surveys:edit", kwargs={"pk": marked["survey"].pk})),
        ("curator", reverse("documents:detail", kwargs={"pk": marked["document"].pk})),
        ("curator", reverse("documents:registry")),
        ("curator", reverse("public_manage")),
        ("mentor", reverse("programs:detail", kwargs={"pk": marked["program"].pk})),
        ("mentor", reverse("mentoring:mine")),
        ("mentee", reverse("programs:detail", kwargs={"pk": marked["program"].pk})),
        (None, reverse("public:index", kwargs={"slug": slug})),
        (None, reverse("public:news", kwargs={"slug": slug})),
        (None, reverse("public:news_item", kwargs={"slug": slug, "pk": marked["news"].pk})),
        (None, reverse("survey_answer", kwargs={"token": marked["invitation"].token})),
    ]


def test_pages_show_typed_markup_as_text(cast, client, marked):
    for role, path in pages(cast, marked):
        client.logout()
        if role:
            client.force_login(getattr(cast, role))
        response = client.get(path)
        html = response.content.decode()

        assert response.status_code == 200, path
        assert SCRIPT not in html, f"{path} as {role}: a typed <script> runs"
        assert BOLD not in html, f"{path} as {role}: typed markup is interpreted"
        assert ESCAPED_BOLD in html or "&lt;b&gt;Жирный" in html, f"{path} as {role} does not show the typed text"


@pytest.mark.usefixtures("poppler")
def test_the_program_pdf_prints_typed_markup_as_text(marked, tmp_path):
    pdf = document_pdf(marked["document"], final=False)

    text = " ".join(pdf_text(pdf).split())

    assert BOLD in text  # interpreted markup would vanish, leaving only «Жирный»
    assert "alert(" in text
    assert pdf_first_page_png(pdf, tmp_path / "program.png").stat().st_size > 0


def test_the_rss_feed_carries_typed_markup_as_text(cast, client, marked):
    response = client.get(reverse("public:feed", kwargs={"slug": cast.school.slug}))

    assert response.status_code == 200
    assert b"<script" not in response.content
    titles = [element.text for element in ET.fromstring(response.content).iter("title")]  # noqa: S314 - our own feed
    assert MARK in titles


def test_the_calendar_keeps_a_typed_line_break_inside_its_event(cast, client, marked):
    program = marked["program"]
    PlanItem.objects.filter(program=program).update(
        title="Встреча\r\nATTENDEE:mailto:evil@example.org",
        planned_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    feed, _created = CalendarFeed.objects.get_or_create(user=cast.mentor)

    response = client.get(reverse("programs:ical", kwargs={"token": feed.token}))

    assert response.status_code == 200
    lines = response.content.decode().replace("\r\n ", "").split("\r\n")  # unfolded, as RFC 5545 reads them
    assert not any(line.startswith("ATTENDEE") for line in lines), "a typed line break became a property"
    assert any("Встреча" in line and "evil@example.org" in line for line in lines if line.startswith("SUMMARY"))


def formula_tags(content: bytes) -> list[str]:
    """Worksheets holding a formula element: what Excel would run on opening."""
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return [name for name in book.namelist() if name.startswith("xl/worksheets/") and b"<f>" in book.read(name)]


def sheet_cells(content: bytes):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def test_the_people_export_never_writes_a_formula(cast, client):
    for number, text in enumerate(FORMULAS):
        PersonFactory(school=cast.school, employee_number=f"F{number}", position=text, last_name=text)
    client.force_login(cast.curator)

    response = client.get(reverse("people:export"))

    # Text cells, not formulas: Excel shows them as typed, and the import reads them back unchanged.
    assert formula_tags(response.content) == []
    cells = sheet_cells(response.content)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = {cell.value for cell in cells}
    assert all(text in values for text in FORMULAS), "typed text is exported as typed, as a text cell"


@pytest.mark.parametrize(("role", "url_name"), [("curator", "monitoring:export"), ("officer", "municipality_export")])
def test_the_indicators_exports_neutralise_formulas(cast, client, role, url_name):
    cast.school.full_name = FORMULAS[0]
    cast.school.save()
    client.force_login(getattr(cast, role))

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert formula_tags(response.content) == []
    cells = sheet_cells(response.content)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert f"'{FORMULAS[0]}" in {cell.value for cell in cells}

"""The PDF render helper: the sample order, the shipped fonts, escaping and the URL fetcher."""

import logging
import os
import shutil
import subprocess

import pytest
from django.template import Context, Engine
from django.template.loader import render_to_string

from documents import rendering
from documents.rendering import (
    FetchRefusedError,
    pdf_first_page_png,
    pdf_text,
    portal_url_fetcher,
    qr_data_uri,
    render_pdf,
    render_pdf_from_template,
)

SAMPLE = "documents/sample.html"
VERIFY_URL = "https://nastavnik.example.ru/v/7KX2-94QF"
IMG = '<img src="file:///etc/passwd">'
SCRIPT = "<script>alert(1)</script>"
LINK = '<link rel=stylesheet href="http://169.254.169.254/">'


def sample_context(**overrides) -> dict:
    pairs = [
        ("Иванова Мария Петровна", "Смирнов Алексей Игоревич", "01.09.2025", "31.05.2026"),
        ("Кузнецова Ольга Павловна", "Петрова Анна Сергеевна", "01.09.2025", "31.05.2026"),
        ("Фёдоров Николай Ильич", "Волкова Екатерина Дмитриевна", "15.09.2025", "15.06.2026"),
    ]
    context = {
        "school_name": "Муниципальное бюджетное общеобразовательное учреждение "
        "«Лодейнопольская средняя общеобразовательная школа № 3»",
        "number": "01-10/15",
        "date": "01.09.2025",
        "place": "г. Лодейное Поле",
        "basis": "В соответствии с Положением о системе наставничества, на основании письменных согласий "
        "наставников и наставляемых",
        "pairs": [dict(zip(("mentor", "mentee", "start", "end"), pair, strict=True)) for pair in pairs],
        "allowance": "3\u00a0000",
        "curator": "заместителя директора по учебно-воспитательной работе О. П. Кузнецову",
        "director_position": "Директор",
        "director_name": "И. В. Соколова",
        "acquainted": ["Иванова М. П.", "Кузнецова О. П.", "Фёдоров Н. И."],
        "verification_url": VERIFY_URL,
        "qr": qr_data_uri(VERIFY_URL),
        "draft": False,
    }
    return {**context, **overrides}


def many_pairs(count: int) -> list[dict]:
    return [
        {"mentor": f"Наставник {n}", "mentee": f"Подопечный {n}", "start": "01.09.2025", "end": "31.05.2026"}
        for n in range(1, count + 1)
    ]


def flat(text: str) -> str:
    """Text with every run of whitespace (line breaks, no-break spaces) made one space."""
    return " ".join(text.split())


@pytest.fixture
def poppler():
    """pdftotext, pdftoppm and pdffonts: skipped on a laptop without them, a failure in CI."""
    missing = [name for name in ("pdftotext", "pdftoppm", "pdffonts") if shutil.which(name) is None]
    if missing:
        reason = f"{', '.join(missing)} not installed: apt-get install poppler-utils"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def sample_pdf():
    return render_pdf(SAMPLE, sample_context())


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the renderer asks the fetcher for, in order."""
    urls = []
    original = rendering.portal_url_fetcher

    def recording(url, *args, **kwargs):
        urls.append(url)
        return original(url, *args, **kwargs)

    monkeypatch.setattr(rendering, "portal_url_fetcher", recording)
    return urls


# --- the sample order ---------------------------------------------------------------


@pytest.mark.usefixtures("poppler")
def test_sample_renders_a_russian_order(sample_pdf):
    assert sample_pdf.startswith(b"%PDF-")
    text = flat(pdf_text(sample_pdf))
    assert "ПРИКАЗ" in text
    assert "ПРИКАЗЫВАЮ:" in text
    assert "№ 01-10/15" in text
    assert "Иванова Мария Петровна" in text
    assert "Смирнов Алексей Игоревич" in text
    assert "3 000 ₽" in text
    assert "С приказом ознакомлены:" in text
    assert "Директор И. В. Соколова" in text
    assert VERIFY_URL in text


@pytest.mark.usefixtures("poppler")
def test_only_the_shipped_fonts_are_embedded(sample_pdf):
    listing = subprocess.run(["pdffonts", "-"], input=sample_pdf, capture_output=True, check=True).stdout.decode()
    fonts = [line.split() for line in listing.splitlines()[2:]]
    assert fonts
    # «Document Serif» is print.css's name for the shipped PT Serif: no system font has it,
    # so a glyph missing from it (or a font that failed to load) shows up here as another name.
    assert {row[0].split("+")[-1] for row in fonts} <= {"Document-Serif", "Document-Serif-Bold"}
    assert all(row[-5] == "yes" for row in fonts), listing  # the «emb» column


def test_the_same_context_gives_the_same_bytes(sample_pdf):
    assert render_pdf(SAMPLE, sample_context()) == sample_pdf


def test_pdf_first_page_png_writes_an_a4_portrait_picture(poppler, sample_pdf, tmp_path):
    path = pdf_first_page_png(sample_pdf, tmp_path / "page.png")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (abs(width - 496), abs(height - 702)) <= (1, 1)  # 210 × 297 mm at 60 dpi


def test_the_draft_watermark_follows_the_context():
    assert 'class="stamp-draft"' in render_to_string(SAMPLE, sample_context(draft=True))
    assert "stamp-draft" not in render_to_string(SAMPLE, sample_context(draft=False))


def test_qr_data_uri_is_an_svg_data_uri():
    uri = qr_data_uri(VERIFY_URL)
    assert uri.startswith("data:image/svg+xml")
    assert portal_url_fetcher(uri).read().lstrip().startswith(b"<svg")


# --- long tables --------------------------------------------------------------------


@pytest.mark.usefixtures("poppler")
def test_a_long_table_repeats_its_header_and_numbers_pages_from_the_second():
    pdf = render_pdf(SAMPLE, sample_context(pairs=many_pairs(40)))
    pages = [page for page in pdf_text(pdf).split("\f") if page.strip()]
    assert len(pages) >= 2
    first_lines = [page.strip().splitlines()[0].strip() for page in pages]
    assert first_lines[0].startswith("Муниципальное")
    assert first_lines[1:] == [str(number) for number in range(2, len(pages) + 1)]
    pages_with_rows = [page for page in pages if "Подопечный" in page]
    assert len(pages_with_rows) >= 2
    assert all("Срок наставничества" in page for page in pages_with_rows)
    assert "Подопечный 40" in pages_with_rows[-1]
    # The verification box sits in the bottom margin of the last page only.
    assert [VERIFY_URL in page for page in pages] == [False] * (len(pages) - 1) + [True]


# --- escaping -----------------------------------------------------------------------


@pytest.mark.usefixtures("poppler")
def test_user_text_is_printed_literally_and_never_fetched(fetched):
    context = sample_context(school_name=IMG, place=LINK, director_name=SCRIPT, acquainted=[LINK, SCRIPT])
    context["pairs"][0]["mentor"] = SCRIPT
    text = flat(pdf_text(render_pdf(SAMPLE, context)))
    assert IMG in text
    assert LINK in text
    assert text.count(SCRIPT) == 3
    assert any(url.endswith("/static/css/print.css") for url in fetched)
    assert all(url.startswith(("data:", "https://portal.invalid/static/")) for url in fetched), fetched


@pytest.mark.usefixtures("poppler")
def test_a_template_object_is_rendered_with_autoescape():
    template = Engine.get_default().from_string('{% extends "documents/sample.html" %}')
    pdf = render_pdf_from_template(template, Context(sample_context(school_name=SCRIPT), autoescape=True))
    assert SCRIPT in flat(pdf_text(pdf))


def test_urls_written_into_a_template_are_refused_while_the_rest_renders(fetched, caplog):
    hostile = (
        '{% extends "documents/base_print.html" %}{% block body %}'
        '<img src="file:///etc/passwd"><img src="http://169.254.169.254/latest/meta-data/">'
        '<link rel="stylesheet" href="http://10.0.0.1/x.css"><img src="/static/../../../../etc/passwd">'
        "{% endblock %}"
    )
    template = Engine.get_default().from_string(hostile)
    with caplog.at_level(logging.WARNING, logger="documents.rendering"):
        pdf = render_pdf_from_template(template, Context(sample_context(), autoescape=True))
    assert pdf.startswith(b"%PDF-")
    foreign = [url for url in fetched if not url.startswith(("data:", "https://portal.invalid/static/"))]
    assert sorted(foreign) == [
        "file:///etc/passwd",
        "http://10.0.0.1/x.css",
        "http://169.254.169.254/latest/meta-data/",
        "https://portal.invalid/etc/passwd",  # WeasyPrint resolved the «..» before asking
    ]
    warnings = [record for record in caplog.records if record.name == "documents.rendering"]
    assert [record.levelno for record in warnings] == [logging.WARNING] * 4


# --- the fetcher --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "ftp://portal.invalid/static/css/print.css",
        "javascript:alert(1)",
        "http://example.com/static/css/print.css",
        "https://portal.invalid.example.com/static/css/print.css",
        "https://portal.invalid@evil.example/static/css/print.css",
        "https://user@portal.invalid/static/css/print.css",
        "https://portal.invalid:8443/static/css/print.css",
        "http://portal.invalid/static/css/print.css",
        "//169.254.169.254/static/css/print.css",
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1/static/css/print.css",
        "http://localhost:8000/static/css/print.css",
        "http://10.0.0.1/static/css/print.css",
        "http://192.168.1.1/static/css/print.css",
        "http://[::1]/static/css/print.css",
        "http://[::1/static/css/print.css",
        "/static/../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/css/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/static/..%2f..%2f..%2fetc/passwd",
        "/static/%252e%252e/%252e%252e/etc/passwd",
        "/static/css%5c..%5c..%5cetc/passwd",
        "/static/%2fetc/passwd",
        "/static/css/print.css%00.png",
        "/static/",
        "/static/css",
        "/static/css/missing.css",
        "/media/people/passport.pdf",
        "/admin/",
        "data:image/png;base64,@@@",
        "data:no-comma",
    ],
)
def test_the_fetcher_refuses(url):
    with pytest.raises(FetchRefusedError):
        portal_url_fetcher(url)


def test_a_refusal_is_logged_as_a_warning_without_the_path(caplog):
    with caplog.at_level(logging.WARNING, logger="documents.rendering"), pytest.raises(FetchRefusedError):
        portal_url_fetcher("http://169.254.169.254/people/ivanova-maria.pdf?snils=123")
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    assert "169.254.169.254" in record.getMessage()
    assert "ivanova" not in record.getMessage()
    assert "snils" not in record.getMessage()


@pytest.mark.parametrize(
    "url", ["/static/css/print.css", "https://portal.invalid/static/css/print.css", "../static/css/print.css"]
)
def test_the_fetcher_serves_the_print_stylesheet(url):
    response = portal_url_fetcher(url)
    assert response.content_type == "text/css"
    assert b"@font-face" in response.read()


def test_the_fetcher_serves_a_font():
    response = portal_url_fetcher("https://portal.invalid/static/fonts/PTSerif-Regular.ttf")
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType file


def test_the_fetcher_accepts_the_portal_s_own_base_url():
    base = "https://school3.example.ru/"
    assert portal_url_fetcher("https://school3.example.ru/static/css/print.css", base_url=base).read()
    with pytest.raises(FetchRefusedError):
        portal_url_fetcher("https://portal.invalid/static/css/print.css", base_url=base)


def test_the_fetcher_reads_collected_files_from_static_root(settings, tmp_path):
    # ManifestStaticFilesStorage names hashed copies that only STATIC_ROOT holds.
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "print.0123abcd.css").write_text("p { color: black }")
    assert portal_url_fetcher("/static/css/print.0123abcd.css").read() == b"p { color: black }"


def test_the_fetcher_decodes_data_uris():
    response = portal_url_fetcher("data:text/plain;charset=utf-8;base64,0J/RgNC40LLQtdGC")
    assert response.read().decode() == "Привет"
    assert response.content_type == "text/plain"

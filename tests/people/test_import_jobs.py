"""Bounded imports in the background: limits checked before reading, a job page with progress, a result page."""

import io
import re
import struct
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import import_jobs, importing
from people.importing import UnreadableFile, import_people, iter_table
from people.models import ImportJob, Person
from people.storage import private_storage
from tests.access_objects import import_preview
from tests.people.spreadsheets import HEADER, csv_bytes

ROW = ["", "Орлова", "Анна", "Игоревна", "ж", "17.05.1990", "педагог", "Учитель"]


def people(count: int) -> list[list]:
    return [HEADER, *([f"{n}", *ROW[1:]] for n in range(1, count + 1))]


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet(data: bytes, sheet_xml: bytes) -> bytes:
    """The workbook with its first sheet replaced, deflated as Excel does."""
    source, patched = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item.filename)
            target.writestr(item.filename, content)
    return patched.getvalue()


def bomb_sheet(megabytes: int) -> bytes:
    """A sheet whose XML deflates about a thousand times: the same empty row over and over."""
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    rows = row * (megabytes * 1024 * 1024 // len(row))
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + b"</sheetData></worksheet>"
    )


def upload(client, data: bytes, name: str, url="people:import"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse(url), {"file": file}, follow=True)


def kept_files(school) -> list[str]:
    folder = f"imports/{school.pk}"
    return private_storage.listdir(folder)[1] if private_storage.exists(folder) else []


# ---------------------------------------------------------------------------
# What the file may unpack to


def test_a_compressed_bomb_is_refused_before_parsing_and_nothing_is_imported(cast, client_as, settings):
    settings.IMPORT_MAX_UNPACKED_MB = 2
    bomb = with_sheet(xlsx_bytes([HEADER]), bomb_sheet(3))
    assert len(bomb) < 100 * 1024, "the bomb is small on the wire"

    page = upload(client_as(cast.secretary), bomb, "люди.xlsx")

    job = page.context["job"]
    assert job.status == ImportJob.Status.FAILED
    assert "2" in job.error
    assert job.error in page.content.decode()
    assert not Person.objects.filter(employee_number="1").exists()
    assert kept_files(cast.school) == [], "the refused upload is not kept"


def test_a_member_deflated_absurdly_is_refused_even_under_the_cap(settings):
    settings.IMPORT_MAX_UNPACKED_MB = 100
    bomb = with_sheet(xlsx_bytes([HEADER]), bomb_sheet(3))

    with pytest.raises(UnreadableFile, match="100"):
        list(iter_table(io.BytesIO(bomb), "люди.xlsx"))


def test_an_ordinary_workbook_passes_the_unpacked_size_check(settings):
    settings.IMPORT_MAX_UNPACKED_MB = 1

    rows = list(iter_table(io.BytesIO(xlsx_bytes(people(300))), "люди.xlsx"))

    assert len(rows) == 301


def lying_sizes(data: bytes, member: str, declared: int) -> bytes:
    """The archive with the central directory declaring ``declared`` bytes unpacked for ``member``."""
    name = member.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        name_length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + name_length] == name:
            return data[: at + 24] + struct.pack("<I", declared) + data[at + 28 :]
        at += 4


def test_zipfile_stops_at_the_declared_size_when_the_header_lies(settings):
    settings.IMPORT_MAX_UNPACKED_MB = 1
    data = lying_sizes(with_sheet(xlsx_bytes([HEADER]), bomb_sheet(5)), "xl/worksheets/sheet1.xml", 4096)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        member = archive.open("xl/worksheets/sheet1.xml")
        chunks = []

        def read_all():
            while chunk := member.read(1024):
                chunks.append(chunk)

        with pytest.raises(zipfile.BadZipFile, match="CRC"):
            read_all()
        assert sum(map(len, chunks)) <= 4096, "never more than the header declares"

    with pytest.raises(UnreadableFile):
        list(iter_table(io.BytesIO(data), "люди.xlsx"))


# ---------------------------------------------------------------------------
# Rows


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_rows_over_the_limit_are_refused_naming_it_and_nothing_is_imported(cast, settings, kind):
    settings.IMPORT_MAX_ROWS = 3
    rows = people(4)
    data = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows)

    with pytest.raises(UnreadableFile) as refused:
        import_people(school=cast.school, file=io.BytesIO(data), filename=f"p.{kind}")

    assert "3" in str(refused.value)
    imported = Person.objects.for_school(cast.school).filter(employee_number__in=["1", "2", "3"])
    assert not imported.exists(), "the rows before the limit are not kept"


def test_the_limit_itself_is_allowed_and_blank_rows_do_not_count(cast, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [HEADER, [], *people(3)[1:], [], []]

    report = import_people(school=cast.school, file=io.BytesIO(csv_bytes(rows)), filename="p.csv")

    assert len(report.created) == 3


def test_the_job_page_tells_the_row_limit(cast, client_as, settings):
    settings.IMPORT_MAX_ROWS = 2

    page = upload(client_as(cast.curator), csv_bytes(people(3)), "люди.csv")

    assert page.context["job"].status == ImportJob.Status.FAILED
    assert "2" in page.context["job"].error
    assert not Person.objects.filter(employee_number="1").exists()


# ---------------------------------------------------------------------------
# The upload's size, before its body is read


def test_an_upload_declared_too_large_is_refused_before_the_body_is_read(cast, client_as, settings, monkeypatch):
    settings.IMPORT_MAX_MB = 1

    def read_body(*args, **kwargs):
        raise AssertionError("the body was read")

    monkeypatch.setattr("django.http.multipartparser.MultiPartParser.parse", read_body)
    data = csv_bytes(people(1)) + b"\r\n" * (1024 * 1024)

    response = client_as(cast.secretary).post(reverse("people:import"), {"file": SimpleUploadedFile("люди.csv", data)})

    assert response.status_code == 413
    assert response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()
    assert kept_files(cast.school) == []


def test_the_size_check_still_needs_the_csrf_token(cast, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.secretary)

    response = strict.post(reverse("people:import"), {"file": SimpleUploadedFile("люди.csv", csv_bytes(people(1)))})

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


# ---------------------------------------------------------------------------
# Jobs, progress and results


def test_a_good_import_goes_through_preview_and_result_pages(cast, client_as):
    client = client_as(cast.secretary)

    preview = upload(client, xlsx_bytes(people(3)), "люди.xlsx")

    assert preview.templates[0].name == "people/import_preview.html"
    assert preview.context["report"]["counts"]["created"] == 3
    assert not Person.objects.filter(employee_number="1").exists(), "the preview writes nothing"
    confirm = re.search(r'action="(/[^"]+/confirm/)"', preview.content.decode())[1]

    result = client.post(confirm, follow=True)

    assert result.templates[0].name == "people/import_result.html"
    assert Person.objects.for_school(cast.school).filter(employee_number__in=["1", "2", "3"]).count() == 3
    job = result.context["job"]
    assert (job.stage, job.status, job.total_rows, job.done_rows) == ("import", "done", 3, 3)
    assert job.created_by == cast.secretary
    assert kept_files(cast.school) == [], "the upload is deleted after the import"


def test_the_status_endpoint_tells_rows_done_of_total(cast, client_as):
    client = client_as(cast.secretary)
    job = upload(client, csv_bytes(people(5)), "люди.csv").context["job"]

    state = client.get(reverse("people:import_job_status", kwargs={"token": job.token})).json()

    assert (state["status"], state["finished"], state["done"], state["total"]) == ("done", True, 5, 5)


def test_a_running_job_shows_an_accessible_progress_bar_that_refreshes_itself(cast, client_as):
    job = ImportJob.objects.create(
        school=cast.school,
        kind="people",
        stage="import",
        status="running",
        original_name="люди.csv",
        total_rows=1000,
        done_rows=400,
    )
    client = client_as(cast.secretary)

    page = client.get(reverse("people:import_job", kwargs={"token": job.token})).content.decode()
    state = client.get(reverse("people:import_job_status", kwargs={"token": job.token})).json()

    bar = re.search(r"<progress[^>]*>", page)[0]
    assert 'max="1000"' in bar
    assert 'value="400"' in bar
    assert "aria-labelledby" in bar
    assert "400" in state["text"]
    assert "1000" in state["text"]
    assert (state["done"], state["total"], state["finished"]) == (400, 1000, False)
    assert "js/import-progress.js" in page
    assert '<noscript><meta http-equiv="refresh"' in page


def test_progress_is_told_while_the_rows_are_imported(cast, monkeypatch):
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 2)
    told = []

    import_people(school=cast.school, file=io.BytesIO(csv_bytes(people(5))), filename="p.csv", progress=told.append)

    assert told == [2, 4, 5]


def test_another_schools_job_is_not_found(cast, client_as):
    job = import_preview(import_jobs.PEOPLE, cast.other_school)
    client = client_as(cast.curator)

    assert client.get(reverse("people:import_job", kwargs={"token": job.token})).status_code == 404
    assert client.get(reverse("people:import_job_status", kwargs={"token": job.token})).status_code == 404
    assert client.post(reverse("people:import_confirm", kwargs={"token": job.token})).status_code == 404
    assert private_storage.exists(job.file_name), "the other school's upload is left alone"


def test_a_pairs_job_is_not_shown_as_a_people_job(cast, client_as):
    job = import_preview(import_jobs.PAIRS, cast.school)

    response = client_as(cast.curator).get(reverse("people:import_job", kwargs={"token": job.token}))

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["mentor", "mentee", "council_member"])
def test_a_role_without_the_permission_gets_403(cast, client_as, role):
    job = import_preview(import_jobs.PEOPLE, cast.school)
    client = client_as(getattr(cast, role))

    assert client.get(reverse("people:import_job", kwargs={"token": job.token})).status_code == 403
    assert client.get(reverse("people:import_job_status", kwargs={"token": job.token})).status_code == 403
    assert client.post(reverse("people:import_confirm", kwargs={"token": job.token})).status_code == 403
    assert ImportJob.objects.count() == 1


def test_a_crashing_import_marks_the_job_failed_and_writes_nothing(cast, client_as, monkeypatch):
    client = client_as(cast.secretary)
    preview = upload(client, csv_bytes(people(2)), "люди.csv")
    confirm = re.search(r'action="(/[^"]+/confirm/)"', preview.content.decode())[1]

    def crash(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importing, "import_people", crash)
    page = client.post(confirm, follow=True)

    job = page.context["job"]
    assert job.status == ImportJob.Status.FAILED
    assert job.error
    assert "database went away" not in job.error, "the user is told, not shown the traceback"
    assert not Person.objects.filter(employee_number="1").exists()
    assert ImportJob.objects.get(token=preview.context["job"].token).status == ImportJob.Status.DONE


def test_the_pairs_import_runs_as_a_job_too(cast, client_as, settings):
    settings.IMPORT_MAX_ROWS = 1
    header = ["Наставник", "Наставляемые", "Форма", "Дата начала", "Дата окончания"]
    rows = [header, ["M1", "S1", "педагог – педагог", "01.09.2025", "31.05.2026"]] * 2

    page = upload(client_as(cast.curator), csv_bytes(rows), "пары.csv", url="mentoring:import")

    job = page.context["job"]
    assert (job.kind, job.status) == ("pairs", "failed")
    assert "1" in job.error


@pytest.mark.django_db(transaction=True)
def test_the_page_sees_progress_while_the_import_transaction_is_open(monkeypatch):
    from django.db import connection, connections

    from tests.cast import make_cast

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: its page sees the count when the job ends")
    cast = make_cast()
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 2)
    seen = []
    real_progress = import_jobs.Progress.__call__

    page = type(connections["default"])(dict(connections["default"].settings_dict))  # another request's

    def watched(self, done):
        real_progress(self, done)
        with page.cursor() as cursor:
            cursor.execute("SELECT done_rows FROM people_importjob WHERE id = %s", [self.job_id])
            seen.append((connection.in_atomic_block, cursor.fetchone()[0]))

    monkeypatch.setattr(import_jobs.Progress, "__call__", watched)
    preview = import_jobs.start_preview(
        kind=import_jobs.PEOPLE,
        school=cast.school,
        user=cast.secretary,
        upload=SimpleUploadedFile("люди.csv", csv_bytes(people(5))),
        language="ru",
    )
    preview.refresh_from_db()
    import_jobs.confirm(preview=preview, user=cast.secretary, language="ru")

    assert (True, 2) in seen, "the count is seen from inside the import's transaction"
    assert (True, 4) in seen
    page.close()

"""The export of all a school's data: its rows and files, never another school's; directors only."""

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from backups import exports
from backups.models import SchoolExport
from backups.school_export import rows_of, school_models
from surveys import answering
from tests.factories import ConsentFactory, PersonFactory
from tests.surveys.helpers import at, invitation_of, own_mentorship, sample_values, survey_from

pytestmark = pytest.mark.django_db


def two_schools(cast):
    own = ConsentFactory(person=PersonFactory(school=cast.school, last_name="Своякова"))
    foreign = ConsentFactory(person=PersonFactory(school=cast.other_school, last_name="Чужакова"))
    foreign.scan.save("foreign.pdf", io.BytesIO(b"%PDF-1.4 school B's own scan"))
    return own, foreign


def exported(cast, tmp_path) -> zipfile.ZipFile:
    target = tmp_path / "export.zip"
    call_command("export_school", cast.school.slug, output=str(target), stdout=io.StringIO())
    return zipfile.ZipFile(target)


def json_rows(archive: zipfile.ZipFile) -> list[dict]:
    return [row for name in archive.namelist() if name.startswith("json/") for row in json.loads(archive.read(name))]


def workbook_cells(archive: zipfile.ZipFile) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(archive.read("school.xlsx")), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_zip_holds_every_row_of_the_school_and_none_of_another(cast, tmp_path):
    own, foreign = two_schools(cast)

    archive = exported(cast, tmp_path)

    rows = json_rows(archive)
    by_model = {}
    for row in rows:
        by_model.setdefault(row["model"], set()).add(row["pk"])
    for model in school_models():
        expected = set(rows_of(model, cast.school).values_list("pk", flat=True))
        assert by_model.get(model._meta.label_lower, set()) == expected, model._meta.label
    assert by_model["accounts.school"] == {cast.school.pk}
    assert own.person.pk in by_model["people.person"]
    assert foreign.person.pk not in by_model["people.person"]
    assert "Чужакова" not in json.dumps(rows, ensure_ascii=False)


def test_the_workbook_has_a_sheet_per_model_with_russian_headers_and_only_this_schools_people(cast, tmp_path):
    two_schools(cast)

    sheets = workbook_cells(exported(cast, tmp_path))

    people = sheets["Участники"]
    assert "Фамилия" in people[0]
    assert any("Своякова" in row for row in people[1:])
    assert not any("Чужакова" in str(cell) for rows in sheets.values() for row in rows for cell in row)
    assert len(sheets) == len(school_models()) + 1  # and the school itself


def test_the_files_of_the_schools_rows_are_in_the_zip_byte_for_byte(cast, tmp_path):
    own, foreign = two_schools(cast)

    archive = exported(cast, tmp_path)

    assert archive.read(f"files/{own.scan.name}") == Path(own.scan.path).read_bytes()
    assert f"files/{foreign.scan.name}" not in archive.namelist()
    readme = archive.read("README.txt").decode()
    assert cast.school.full_name in readme
    assert "school.xlsx" in readme


def test_text_that_looks_like_a_formula_is_neutralised(cast, tmp_path):
    PersonFactory(school=cast.school, last_name='=HYPERLINK("http://evil.example","Жми")', position="+7 учитель")

    people = workbook_cells(exported(cast, tmp_path))["Участники"]

    assert '\'=HYPERLINK("http://evil.example","Жми")' in {row[people[0].index("Фамилия")] for row in people}
    assert "'+7 учитель" in {row[people[0].index("Должность")] for row in people}


def test_director_requests_and_downloads_the_export_and_both_are_audited(
    cast, client_as, django_capture_on_commit_callbacks
):
    two_schools(cast)
    client = client_as(cast.director)

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("school_export")).status_code == 302
    page = client.get(reverse("school_export"))
    response = client.get(reverse("school_export_download"))

    assert 'data-testid="school-export-download"' in page.content.decode()
    assert client.get(reverse("school_export_status")).json() == {"state": "done"}
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = {row["fields"].get("last_name") for row in json_rows(archive) if row["model"] == "people.person"}
    assert "Своякова" in names
    assert "Чужакова" not in names
    actions = set(
        AuditEvent.objects.filter(actor=cast.director, object_type="backups.schoolexport").values_list(
            "action", flat=True
        )
    )
    assert actions == {AuditAction.EXPORT, AuditAction.DOWNLOAD}


def test_the_export_page_is_offered_in_the_directors_menu_only(cast, client_as):
    link = 'data-testid="school-export-link"'
    assert link in client_as(cast.director).get(reverse("home")).content.decode()
    assert link not in client_as(cast.curator).get(reverse("home")).content.decode()


@pytest.mark.parametrize("role", ["curator", "mentor", "secretary", "other_curator", "officer"])
def test_only_the_director_may_export(cast, client_as, role):
    client = client_as(getattr(cast, role))
    assert client.get(reverse("school_export")).status_code == 403
    assert client.post(reverse("school_export")).status_code == 403
    assert client.get(reverse("school_export_status")).status_code == 403
    assert client.get(reverse("school_export_download")).status_code == 403


def test_nothing_to_download_before_an_export_is_ready(cast, client_as):
    client = client_as(cast.director)
    client.post(reverse("school_export"))  # queued on commit, which never comes in this test

    assert client.get(reverse("school_export_status")).json() == {"state": "pending"}
    assert client.get(reverse("school_export_download")).status_code == 404


def test_a_second_request_while_one_is_being_prepared_makes_no_second_export(cast, client_as):
    client = client_as(cast.director)
    client.post(reverse("school_export"))
    client.post(reverse("school_export"))

    assert SchoolExport.objects.for_school(cast.school).count() == 1
    assert AuditEvent.objects.filter(actor=cast.director, action=AuditAction.EXPORT).count() == 1


def test_a_failed_export_is_shown_as_failed_and_offers_nothing(
    cast, client_as, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(school, target):
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write_school_export", broken)
    client = client_as(cast.director)

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("school_export")).status_code == 302

    assert client.get(reverse("school_export_status")).json() == {"state": "failed"}
    assert client.get(reverse("school_export_download")).status_code == 404
    assert SchoolExport.objects.get(school=cast.school).error == "disk full"


def test_the_export_holds_no_personal_survey_links_and_no_time_that_unmasks_an_anonymous_answer(cast, tmp_path):
    survey = survey_from(cast.school, "mentee_exit", anonymous=True)
    invitation = invitation_of(survey, own_mentorship(cast))
    answering.submit(invitation=invitation, values=sample_values(survey), at=at(2026, 10, 5, 14, 37))

    rows = json_rows(exported(cast, tmp_path))

    (exported_invitation,) = [row for row in rows if row["model"] == "surveys.invitation"]
    assert exported_invitation["fields"]["token"] == ""
    assert (exported_invitation["fields"]["answered"], exported_invitation["fields"]["answered_at"]) == (True, None)
    assert invitation.token not in json.dumps(rows)

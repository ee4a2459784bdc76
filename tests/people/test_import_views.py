"""Import in the browser: upload → preview with the rejected lines → confirm."""

import os
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditAction, AuditEvent
from people import uploads
from people.models import Person
from people.storage import private_storage
from tests.factories import PersonFactory
from tests.people.spreadsheets import HEADER, csv_bytes

ROWS = [
    HEADER,
    ["1", "Орлова", "Анна", "Игоревна", "ж", "17.05.1990", "педагог", "Учитель"],
    ["2", "Белова", "Ольга", "Петровна", "ж", "31.02.1990", "педагог", "Учитель"],
    ["3", "Смирнов", "Олег", "Ильич", "", "", "", "Завуч"],
]


def spreadsheet(rows=ROWS, name="люди.csv", **options):
    return SimpleUploadedFile(name, csv_bytes(rows, **options), content_type="text/csv")


def upload(client, file=None):
    """Uploads and follows to the job's page: Celery runs eagerly in tests, so the preview is ready."""
    return client.post(reverse("people:import"), {"file": file or spreadsheet()}, follow=True)


def confirm_url(response) -> str:
    return re.search(r'action="(/[^"]+/confirm/)"', response.content.decode())[1]


def preview_confirm_url(response) -> str:
    """The confirmation's URL of a preview, whether or not its page offers the button."""
    return reverse("people:import_confirm", kwargs={"token": response.context["job"].token})


def kept_files(school) -> list[str]:
    folder = f"imports/{school.pk}"
    return private_storage.listdir(folder)[1] if private_storage.exists(folder) else []


def test_curator_previews_then_confirms(cast, client_as):
    client = client_as(cast.curator)
    PersonFactory(
        school=cast.school,
        employee_number="3",
        last_name="Смирнов",
        first_name="Олег",
        patronymic="Ильич",
        birth_date=None,
        position="Учитель",
    )

    preview = upload(client, spreadsheet(encoding="cp1251"))

    assert preview.status_code == 200
    counts = preview.context["report"]["counts"]
    assert (counts["created"], counts["updated"], counts["rejected"]) == (1, 1, 1)
    page = preview.content.decode()
    assert "31.02.1990" in page
    assert re.search(r"<td>3</td>\s*<td>[^<]*31\.02\.1990", page), "the rejected row is shown with its line"
    assert "Орлова Анна Игоревна" in page
    assert not Person.objects.filter(employee_number="1").exists(), "the preview writes nothing"
    assert len(kept_files(cast.school)) == 1

    done = client.post(confirm_url(preview), follow=True)

    assert done.templates[0].name == "people/import_result.html"
    assert Person.objects.get(employee_number="1").school == cast.school
    assert Person.objects.get(employee_number="3").position == "Завуч"
    assert not Person.objects.filter(employee_number="2").exists()
    summary = done.context["report"]["summary"]
    assert re.findall(r"\d+", summary)[:4] == ["1", "1", "0", "1"]
    assert re.search(r"<td>3</td>\s*<td>[^<]*31\.02\.1990", done.content.decode()), "the result names the rejected line"
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT, actor=cast.curator).count() == 2
    assert kept_files(cast.school) == [], "the upload is deleted after the import"


def test_a_confirmed_upload_cannot_be_imported_twice(cast, client_as):
    client = client_as(cast.curator)
    token = preview_confirm_url(upload(client))
    client.post(token)

    again = client.post(token)

    assert again.status_code == 404


def test_secretary_may_import(cast, client_as):
    client = client_as(cast.secretary)

    assert client.get(reverse("people:import")).status_code == 200
    preview = upload(client)
    assert preview.status_code == 200
    client.post(confirm_url(preview))
    assert Person.objects.filter(employee_number="1", school=cast.school).exists()


@pytest.mark.parametrize("role", ["mentor", "mentee", "council_member", "outsider"])
def test_others_get_403(cast, client_as, role):
    client = client_as(getattr(cast, role))

    assert client.get(reverse("people:import")).status_code == 403
    assert upload(client).status_code == 403
    assert (
        client.post(
            reverse("people:import_confirm", kwargs={"token": "00000000-0000-0000-0000-000000000000"})
        ).status_code
        == 403
    )
    assert not Person.objects.filter(employee_number="1").exists()
    assert kept_files(cast.school) == []


def test_a_mentor_cannot_confirm_a_curators_upload(cast, client_as, client):
    token = preview_confirm_url(upload(client_as(cast.curator)))
    client.force_login(cast.mentor)

    assert client.post(token).status_code == 403
    assert not Person.objects.filter(employee_number="1").exists()


def test_an_upload_of_another_school_is_refused(cast, client_as, client):
    token = preview_confirm_url(upload(client_as(cast.other_curator)))
    client.force_login(cast.curator)

    response = client.post(token)

    assert response.status_code == 404
    assert not Person.objects.filter(employee_number="1").exists()
    assert len(kept_files(cast.other_school)) == 1, "the other school's file is left alone"


@pytest.mark.parametrize("value", ["..%2F..%2Fetc%2Fpasswd", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_malformed_or_unknown_job_id_is_refused(cast, client_as, value):
    response = client_as(cast.curator).post(f"/people/import/{value}/confirm/")

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("people:import"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unreadable_file_is_explained_on_the_upload_form(cast, client_as):
    file = spreadsheet([["Должность", "Телефон"], ["Учитель", "123"]])

    response = upload(client_as(cast.curator), file)

    assert response.status_code == 200
    assert response.context["job"].status == "failed"
    assert "«Фамилия»" in response.context["job"].error
    assert "«Фамилия»" in response.content.decode()
    assert reverse("people:import") in response.content.decode(), "a link to upload another file"
    assert kept_files(cast.school) == []


def test_other_file_types_are_refused(cast, client_as):
    file = SimpleUploadedFile("люди.pdf", b"%PDF-1.4", content_type="application/pdf")

    response = upload(client_as(cast.curator), file)

    assert response.context["form"].errors["file"]
    assert kept_files(cast.school) == []


def test_a_file_over_the_limit_is_refused(cast, client_as, settings, monkeypatch):
    settings.IMPORT_MAX_MB = 1
    monkeypatch.setattr(uploads, "ENVELOPE_BYTES", 10**7)  # the declared length passes; the form's check refuses
    big = spreadsheet([*ROWS, *[["", "Орлова", "Анна", "x" * 1000]] * 1100])

    response = upload(client_as(cast.curator), big)

    [error] = response.context["form"].errors["file"]
    assert "MB" in error or "МБ" in error
    assert kept_files(cast.school) == []


def test_nothing_to_import_offers_no_confirm_button(cast, client_as):
    client = client_as(cast.curator)
    client.post(confirm_url(upload(client)))

    preview = upload(client)

    assert preview.context["report"]["counts"]["unchanged"] == 2
    assert "/confirm/" not in preview.content.decode()


def test_upload_page_lists_the_columns(cast, client_as):
    page = client_as(cast.curator).get(reverse("people:import")).content.decode()

    assert "Дата начала педагогической деятельности" in page
    assert 'accept=".xlsx,.csv"' in page


def test_previews_abandoned_for_a_day_are_deleted_at_the_next_upload(cast, client_as):
    client = client_as(cast.curator)
    upload(client)
    [abandoned] = kept_files(cast.school)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(private_storage.path(f"imports/{cast.school.pk}/{abandoned}"), (two_days_ago, two_days_ago))

    upload(client)

    remaining = kept_files(cast.school)
    assert len(remaining) == 1
    assert abandoned not in remaining

"""Importing pairs in the browser: upload → preview with warnings and rejected lines → confirm."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.models import Mentorship, Status
from people.storage import private_storage
from tests.mentoring.helpers import mentee, mentor
from tests.people.spreadsheets import HEADER as PEOPLE_HEADER
from tests.people.spreadsheets import csv_bytes

HEADER = ["Наставник", "Наставляемые", "Форма", "Дата начала", "Дата окончания", "Статус", "Приказ №", "Дата приказа"]
ROWS = [
    HEADER,
    ["M1", "S1", "педагог – педагог", "01.09.2025", "31.05.2026", "активна", "01-10/15", "28.08.2025"],
    ["M1", "S2, S3", "Педагог-педагог", "01.09.2024", "31.05.2025", "завершена", "", ""],
    ["M1", "404", "педагог – педагог", "01.09.2025", "31.05.2026", "активна", "01-10/16", "28.08.2025"],
]


@pytest.fixture
def people(cast):
    mentor(cast.school, employee_number="M1", max_mentees=3)
    mentee(cast.school, employee_number="S1", consents=False)
    for number in ("S2", "S3"):
        mentee(cast.school, employee_number=number)


UNKNOWN = "00000000-0000-0000-0000-000000000000"


def spreadsheet(rows=ROWS, name="пары.csv", **options):
    return SimpleUploadedFile(name, csv_bytes(rows, **options), content_type="text/csv")


def upload(client, file=None):
    """Uploads and follows to the job's page: Celery runs eagerly in tests, so the preview is ready."""
    return client.post(reverse("mentoring:import"), {"file": file or spreadsheet()}, follow=True)


def confirm_url(response) -> str:
    return re.search(r'action="(/[^"]+/confirm/)"', response.content.decode())[1]


def preview_confirm_url(response) -> str:
    """The confirmation's URL of a preview, whether or not its page offers the button."""
    return reverse("mentoring:import_confirm", kwargs={"token": response.context["job"].token})


def kept_files(school) -> list[str]:
    folder = f"imports/{school.pk}"
    return private_storage.listdir(folder)[1] if private_storage.exists(folder) else []


def test_curator_previews_then_confirms(cast, people, client_as):
    client = client_as(cast.curator)

    preview = upload(client, spreadsheet(encoding="cp1251"))

    assert preview.status_code == 200
    counts = preview.context["report"]["counts"]
    assert (counts["created"], counts["flagged"], counts["unchanged"], counts["rejected"]) == (2, 1, 0, 1)
    page = preview.content.decode()
    assert re.search(r"<td>4</td>\s*<td>[^<]*404", page), "the rejected row is shown with its line"
    assert "«Приказ №»" in page, "the row's warning is shown"
    assert '<th scope="col">' in page
    assert "<caption>" in page
    assert not Mentorship.objects.exists(), "the preview writes nothing"
    [kept] = kept_files(cast.school)
    assert kept.startswith("pairs-")

    done = client.post(confirm_url(preview), follow=True)

    assert done.templates[0].name == "mentoring/import_result.html"
    assert Mentorship.objects.for_school(cast.school).count() == 2
    active = Mentorship.objects.get(status=Status.ACTIVE)
    assert active.imported
    assert active.created_by == cast.curator
    assert active.consent_alert, "the pair lacking consents is flagged on the board"
    assert re.search(r"<td>4</td>\s*<td>[^<]*404", done.content.decode()), "the result names the rejected line"
    assert kept_files(cast.school) == [], "the upload is deleted after the import"


def test_director_may_import(cast, people, client_as):
    client = client_as(cast.director)

    assert client.get(reverse("mentoring:import")).status_code == 200
    client.post(confirm_url(upload(client)))
    assert Mentorship.objects.for_school(cast.school).count() == 2


@pytest.mark.parametrize("role", ["mentor", "mentee", "secretary", "council_member", "outsider"])
def test_others_get_403(cast, people, client_as, role):
    client = client_as(getattr(cast, role))

    assert client.get(reverse("mentoring:import")).status_code == 403
    assert upload(client).status_code == 403
    assert client.post(reverse("mentoring:import_confirm", kwargs={"token": UNKNOWN})).status_code == 403
    assert not Mentorship.objects.exists()
    assert kept_files(cast.school) == []


def test_a_mentor_cannot_confirm_a_curators_upload(cast, people, client_as, client):
    token = preview_confirm_url(upload(client_as(cast.curator)))
    client.force_login(cast.mentor)

    assert client.post(token).status_code == 403
    assert not Mentorship.objects.exists()


def test_an_upload_of_another_school_is_refused(cast, people, client_as, client):
    mentor(cast.other_school, employee_number="M1")
    mentee(cast.other_school, employee_number="S1")
    token = preview_confirm_url(upload(client_as(cast.other_curator)))
    client.force_login(cast.curator)

    response = client.post(token)

    assert response.status_code == 404
    assert not Mentorship.objects.exists()
    assert len(kept_files(cast.other_school)) == 1, "the other school's file is left alone"


def test_a_people_upload_cannot_be_confirmed_as_pairs(cast, people, client_as):
    client = client_as(cast.curator)
    people_file = spreadsheet([PEOPLE_HEADER, ["77", "Орлова", "Анна", "Игоревна", "ж", "", "", ""]])
    people_job = client.post(reverse("people:import"), {"file": people_file}, follow=True).context["job"]

    assert client.post(reverse("mentoring:import_confirm", kwargs={"token": people_job.token})).status_code == 404
    assert client.get(reverse("mentoring:import_job", kwargs={"token": people_job.token})).status_code == 404


def test_a_confirmed_upload_cannot_be_imported_twice(cast, people, client_as):
    client = client_as(cast.curator)
    token = preview_confirm_url(upload(client))
    client.post(token)

    assert client.post(token).status_code == 404


@pytest.mark.parametrize("value", ["..%2F..%2Fetc%2Fpasswd", "not-a-uuid", UNKNOWN])
def test_a_malformed_or_unknown_job_id_is_refused(cast, client_as, value):
    assert client_as(cast.curator).post(f"/mentoring/import/{value}/confirm/").status_code == 404


def test_an_unreadable_file_is_explained_on_the_upload_form(cast, client_as):
    response = upload(client_as(cast.curator), spreadsheet([["Наставник", "Статус"], ["M1", "активна"]]))

    assert response.status_code == 200
    assert response.context["job"].status == "failed"
    assert "«Форма»" in response.context["job"].error
    assert "«Форма»" in response.content.decode()
    assert kept_files(cast.school) == []


def test_nothing_to_import_offers_no_confirm_button(cast, people, client_as):
    client = client_as(cast.curator)
    client.post(confirm_url(upload(client)))

    preview = upload(client)

    assert preview.context["report"]["counts"]["unchanged"] == 2
    assert "/confirm/" not in preview.content.decode()


def test_upload_page_lists_the_columns_and_the_board_links_to_it(cast, client_as):
    client = client_as(cast.curator)
    page = client.get(reverse("mentoring:import")).content.decode()

    assert "Дата приказа" in page
    assert 'accept=".xlsx,.csv"' in page
    assert reverse("mentoring:import") in client.get(reverse("mentoring:board")).content.decode()


def test_upload_page_lists_every_status_the_import_takes(cast, client_as):
    from mentoring.importing import STATUS_WORDS

    page = client_as(cast.curator).get(reverse("mentoring:import")).content.decode()
    listed = page[page.index('data-testid="import-statuses"') :]

    for words in STATUS_WORDS.values():
        assert f"«{words[0]}»" in listed
    assert "«действует»" in listed, "the label the portal shows is understood too"

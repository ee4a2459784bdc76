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


def spreadsheet(rows=ROWS, name="пары.csv", **options):
    return SimpleUploadedFile(name, csv_bytes(rows, **options), content_type="text/csv")


def upload(client, file=None):
    return client.post(reverse("mentoring:import"), {"file": file or spreadsheet()})


def token_of(response) -> str:
    return re.search(r'name="upload" value="([0-9a-f-]+)"', response.content.decode())[1]


def kept_files(school) -> list[str]:
    folder = f"imports/{school.pk}"
    return private_storage.listdir(folder)[1] if private_storage.exists(folder) else []


def test_curator_previews_then_confirms(cast, people, client_as):
    client = client_as(cast.curator)

    preview = upload(client, spreadsheet(encoding="cp1251"))

    assert preview.status_code == 200
    report = preview.context["report"]
    assert (len(report.created), len(report.flagged), len(report.unchanged), len(report.rejected)) == (2, 1, 0, 1)
    page = preview.content.decode()
    assert re.search(r"<td>4</td>\s*<td>[^<]*404", page), "the rejected row is shown with its line"
    assert "«Приказ №»" in page, "the row's warning is shown"
    assert '<th scope="col">' in page
    assert "<caption>" in page
    assert not Mentorship.objects.exists(), "the preview writes nothing"
    [kept] = kept_files(cast.school)
    assert kept.startswith("pairs-")

    done = client.post(reverse("mentoring:import_confirm"), {"upload": token_of(preview)}, follow=True)

    assert done.redirect_chain[-1][0] == reverse("mentoring:board")
    assert Mentorship.objects.for_school(cast.school).count() == 2
    active = Mentorship.objects.get(status=Status.ACTIVE)
    assert active.imported
    assert active.created_by == cast.curator
    assert active.consent_alert, "the pair lacking consents is flagged on the board"
    [message] = [str(m) for m in done.context["messages"]]
    assert "4" in message.split(".", 1)[1], "the flash names the rejected line"
    assert kept_files(cast.school) == [], "the upload is deleted after the import"


def test_director_may_import(cast, people, client_as):
    client = client_as(cast.director)

    assert client.get(reverse("mentoring:import")).status_code == 200
    client.post(reverse("mentoring:import_confirm"), {"upload": token_of(upload(client))})
    assert Mentorship.objects.for_school(cast.school).count() == 2


@pytest.mark.parametrize("role", ["mentor", "mentee", "secretary", "council_member", "outsider"])
def test_others_get_403(cast, people, client_as, role):
    client = client_as(getattr(cast, role))

    assert client.get(reverse("mentoring:import")).status_code == 403
    assert upload(client).status_code == 403
    assert client.post(reverse("mentoring:import_confirm"), {"upload": "0" * 32}).status_code == 403
    assert not Mentorship.objects.exists()
    assert kept_files(cast.school) == []


def test_a_mentor_cannot_confirm_a_curators_upload(cast, people, client_as, client):
    token = token_of(upload(client_as(cast.curator)))
    client.force_login(cast.mentor)

    assert client.post(reverse("mentoring:import_confirm"), {"upload": token}).status_code == 403
    assert not Mentorship.objects.exists()


def test_an_upload_of_another_school_is_refused(cast, people, client_as, client):
    mentor(cast.other_school, employee_number="M1")
    mentee(cast.other_school, employee_number="S1")
    token = token_of(upload(client_as(cast.other_curator)))
    client.force_login(cast.curator)

    response = client.post(reverse("mentoring:import_confirm"), {"upload": token})

    assert response.status_code == 404
    assert not Mentorship.objects.exists()
    assert len(kept_files(cast.other_school)) == 1, "the other school's file is left alone"


def test_a_people_upload_cannot_be_confirmed_as_pairs(cast, people, client_as):
    client = client_as(cast.curator)
    people_file = spreadsheet([PEOPLE_HEADER, ["77", "Орлова", "Анна", "Игоревна", "ж", "", "", ""]])
    token = token_of(client.post(reverse("people:import"), {"file": people_file}))

    assert client.post(reverse("mentoring:import_confirm"), {"upload": token}).status_code == 404


def test_a_confirmed_upload_cannot_be_imported_twice(cast, people, client_as):
    client = client_as(cast.curator)
    token = token_of(upload(client))
    client.post(reverse("mentoring:import_confirm"), {"upload": token})

    assert client.post(reverse("mentoring:import_confirm"), {"upload": token}).status_code == 404


@pytest.mark.parametrize("value", ["", "../../etc/passwd", "not-a-uuid"])
def test_a_malformed_upload_id_is_refused(cast, client_as, value):
    assert client_as(cast.curator).post(reverse("mentoring:import_confirm"), {"upload": value}).status_code == 404


def test_an_unreadable_file_is_explained_on_the_upload_form(cast, client_as):
    response = upload(client_as(cast.curator), spreadsheet([["Наставник", "Статус"], ["M1", "активна"]]))

    assert response.status_code == 200
    assert response.templates[0].name == "mentoring/import_upload.html"
    assert "«Форма»" in response.context["form"].errors["file"][0]
    assert kept_files(cast.school) == []


def test_nothing_to_import_offers_no_confirm_button(cast, people, client_as):
    client = client_as(cast.curator)
    client.post(reverse("mentoring:import_confirm"), {"upload": token_of(upload(client))})

    preview = upload(client)

    assert len(preview.context["report"].unchanged) == 2
    assert reverse("mentoring:import_confirm") not in preview.content.decode()


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

"""Issue 16, item 7 (evidence): a file is judged by its bytes and its size, and a replaced one goes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.storage import private_storage
from programs.models import PlanItem
from tests.documents.scans import pdf_bytes, photo_scan
from tests.programs.helpers import account, approved_program


def post_evidence(client, item, upload):
    return client.post(
        reverse("programs:item_progress", kwargs={"pk": item.pk}),
        {"status": "done", "done_on": "10.09.2026", "evidence_file": upload},
        follow=True,
    )


@pytest.fixture
def item(cast):
    return approved_program(cast).items.get()


@pytest.fixture
def mentor_client(client_as, item):
    """The program's own mentor, who records the evidence of its plan."""
    return client_as(account(item.program.mentorship.mentors[0], "evidence-mentor", role="mentor"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("akt.pdf", b"MZ\x90\x00 a program, not a scan"), "Такие файлы не принимаются"),
        (lambda: SimpleUploadedFile("akt.pdf", b"%PDF" + b"0" * (20 * 1024 * 1024)), "Файл слишком большой"),
    ],
)
def test_a_file_that_is_not_evidence_is_refused_and_nothing_is_kept(mentor_client, item, upload, message):
    response = post_evidence(mentor_client, item, upload())

    assert message in response.content.decode()
    item.refresh_from_db()
    assert not item.evidence_file
    assert item.status != "done"
    assert not private_storage.exists(f"evidence/{item.program_id}")


@pytest.mark.django_db
def test_a_replaced_evidence_file_is_deleted_once_the_change_is_saved(
    mentor_client, item, django_capture_on_commit_callbacks
):
    client = mentor_client
    with django_capture_on_commit_callbacks(execute=True):
        post_evidence(client, item, SimpleUploadedFile("akt.pdf", pdf_bytes()))
    first = PlanItem.objects.get(pk=item.pk).evidence_file.name
    assert private_storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        post_evidence(client, item, photo_scan("photo.png", "PNG"))

    second = PlanItem.objects.get(pk=item.pk).evidence_file.name
    assert second != first
    assert private_storage.exists(second)
    assert not private_storage.exists(first), "the replaced file is not left on disk"

"""Issue 16, item 7: every upload is judged by its bytes and its size, a replaced or removed file
goes once the change is committed, and files no record names are cleaned up daily."""

import datetime
import io
import os
import struct
import time
import zlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import School
from people.models import ConsentKind
from people.storage import private_storage
from portal import uploads
from portal.orphans import remove_orphan_files
from portal.tasks import clean_orphan_files
from public.models import FileKind, PublicFile
from tests.documents.scans import pdf_bytes, photo_scan
from tests.factories import ConsentFactory, PersonFactory

MB = 1024 * 1024
EXE = b"MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode"
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png_bytes(width: int = 64, height: int = 32) -> bytes:
    from PIL import Image

    output = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(output, format="PNG")
    return output.getvalue()


def png_header(width: int, height: int) -> bytes:
    """What a decompression bomb shows of itself: a valid PNG header claiming a huge picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


# --- consent scans ----------------------------------------------------------------------------


def post_consent(client, person, upload):
    return client.post(
        reverse("people:consent_add", kwargs={"pk": person.pk}),
        {"kind": ConsentKind.PERSONAL_DATA, "given_on": "01.09.2026", "scan": upload},
    )


@pytest.fixture
def person(cast):
    return PersonFactory(school=cast.school)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("согласие.pdf", EXE), "Файл не является PDF, JPG или PNG"),
        (lambda: SimpleUploadedFile("согласие.png", HTML), "Файл не является PDF, JPG или PNG"),
        # Starts like a PDF, is a web page: the first bytes alone would let it through.
        (lambda: SimpleUploadedFile("согласие.pdf", b"%PDF-1.7\n" + HTML), "Файл не читается как PDF"),
        (lambda: SimpleUploadedFile("согласие.pdf", encrypted_pdf()), "PDF защищён паролем"),
        (lambda: SimpleUploadedFile("согласие.pdf", b"%PDF" + b"0" * (10 * MB)), "Файл слишком большой"),
    ],
)
def test_a_consent_scan_that_is_not_a_readable_scan_is_refused_and_nothing_is_kept(
    cast, client_as, person, upload, message
):
    response = post_consent(client_as(cast.curator), person, upload())

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not person.consents.exists()
    assert not private_storage.exists(f"consents/{cast.school.pk}/{person.pk}")


@pytest.mark.django_db
def test_a_consent_scan_is_kept_as_a_pdf_and_a_photo_becomes_one(cast, client_as, person):
    client = client_as(cast.curator)
    assert post_consent(client, person, SimpleUploadedFile("согласие.pdf", pdf_bytes(2))).status_code == 302
    assert post_consent(client, person, photo_scan("согласие.jpg")).status_code == 302

    from pypdf import PdfReader

    pages = []
    for consent in person.consents.order_by("pk"):
        assert consent.scan.name.endswith(".pdf")
        with consent.scan.open("rb") as scan:
            pages.append(len(PdfReader(io.BytesIO(scan.read())).pages))
    assert pages == [2, 1]


# --- the school's logo, in the admin -----------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.ru", "another-secret-1"))
    return client


def post_logo(client, school, logo=None, clear=False):
    data = {
        "full_name": school.full_name,
        "short_name": school.short_name,
        "slug": school.slug,
        "municipality": school.municipality_id or "",
        "address": school.address,
        "inn": school.inn,
        "ogrn": school.ogrn,
        "website": school.website,
        "director_name": school.director_name,
        "director_position": school.director_position,
        "time_zone": school.time_zone,
    }
    if logo is not None:
        data["logo"] = logo
    if clear:
        data["logo-clear"] = "on"
    return client.post(reverse("admin:accounts_school_change", args=[school.pk]), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("logo.png", EXE), "Такие файлы не принимаются: загрузите PNG, JPEG."),
        (lambda: SimpleUploadedFile("logo.png", HTML), "Такие файлы не принимаются: загрузите PNG, JPEG."),
        (lambda: SimpleUploadedFile("logo.svg", SVG), "Такие файлы не принимаются: загрузите PNG, JPEG."),
        (lambda: SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * MB)), "Файл слишком большой"),
        # A few bytes that would unpack into 25 and 400 million pixels.
        (lambda: SimpleUploadedFile("logo.png", png_header(5_000, 5_000)), None),
        (lambda: SimpleUploadedFile("logo.png", png_header(20_000, 20_000)), None),
        (lambda: SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n broken"), None),
    ],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused_and_nothing_is_kept(cast, admin_client, upload, message):
    response = post_logo(admin_client, cast.school, upload())

    assert response.status_code == 200
    if message:
        assert message in response.content.decode()
    assert response.context["adminform"].form.errors["logo"]
    assert not School.objects.get(pk=cast.school.pk).logo
    assert not default_storage.exists("schools/logos")


@pytest.mark.parametrize("side", [5_000, 20_000])
def test_a_decompression_bomb_is_judged_by_its_header_before_any_pixel_is_decoded(side):
    with translation.override("en"), pytest.raises(ValidationError, match=r"at most 16\.8 million pixels"):
        uploads.validate_image(SimpleUploadedFile("logo.png", png_header(side, side)), 2, 4096 * 4096)


@pytest.mark.django_db
def test_a_replaced_or_cleared_logo_is_deleted_once_the_change_is_saved(
    cast, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_logo(admin_client, cast.school, SimpleUploadedFile("logo.png", png_bytes())).status_code == 302
    first = School.objects.get(pk=cast.school.pk).logo.name
    assert default_storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        assert post_logo(admin_client, cast.school, photo_scan("logo.jpg")).status_code == 302
    second = School.objects.get(pk=cast.school.pk).logo.name
    assert second != first
    assert default_storage.exists(second)
    assert not default_storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        assert post_logo(admin_client, cast.school, clear=True).status_code == 302
    assert not School.objects.get(pk=cast.school.pk).logo
    assert not default_storage.exists(second)


# --- the public section's documents ------------------------------------------------------------


def post_public_file(client, upload):
    return client.post(
        reverse("public_manage"),
        {
            "form": "file",
            "file-kind": FileKind.LOCAL,
            "file-title": "Положение о наставничестве",
            "file-file": upload,
            "file-position": 0,
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("polozhenie.pdf", EXE), "Такие файлы не принимаются: загрузите PDF."),
        (lambda: SimpleUploadedFile("polozhenie.pdf", HTML), "Такие файлы не принимаются: загрузите PDF."),
        (lambda: SimpleUploadedFile("polozhenie.pdf", photo_scan().read()), "Такие файлы не принимаются"),
        (lambda: SimpleUploadedFile("polozhenie.pdf", b"%PDF-1.7\n" + HTML), None),
        (lambda: SimpleUploadedFile("polozhenie.pdf", encrypted_pdf()), "PDF защищён паролем"),
        (lambda: SimpleUploadedFile("polozhenie.pdf", b"%PDF" + b"0" * (20 * MB)), "Файл слишком большой"),
    ],
)
def test_a_published_document_that_is_not_a_readable_pdf_is_refused_and_nothing_is_kept(
    cast, client_as, upload, message
):
    response = post_public_file(client_as(cast.curator), upload())

    assert response.status_code == 200
    if message:
        assert message in response.content.decode()
    assert response.context["file_form"].errors["file"]
    assert not PublicFile.objects.for_school(cast.school).exists()
    assert not private_storage.exists("public")


@pytest.mark.django_db
def test_a_published_pdf_is_kept_and_its_file_goes_with_it(cast, client_as, django_capture_on_commit_callbacks):
    client = client_as(cast.curator)
    assert post_public_file(client, SimpleUploadedFile("polozhenie.pdf", pdf_bytes())).status_code == 302
    published = PublicFile.objects.for_school(cast.school).get()
    assert private_storage.exists(published.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("public_file_delete", kwargs={"pk": published.pk})).status_code == 302
    assert not PublicFile.objects.filter(pk=published.pk).exists()
    assert not private_storage.exists(published.file.name)


# --- orphans -----------------------------------------------------------------------------------


def aged(storage, name: str, content: bytes = b"x", days: float = 2) -> str:
    name = storage.save(name, ContentFile(content))
    moment = time.time() - days * 24 * 3600
    os.utime(storage.path(name), (moment, moment))
    return name


@pytest.mark.django_db
def test_the_daily_job_deletes_old_files_nobody_refers_to_and_keeps_the_rest(cast):
    referenced = ConsentFactory(person=PersonFactory(school=cast.school))
    os.utime(referenced.scan.path, (time.time() - 3 * 24 * 3600,) * 2)
    cast.school.logo.save("logo.png", ContentFile(png_bytes()))
    os.utime(cast.school.logo.path, (time.time() - 3 * 24 * 3600,) * 2)
    orphans = [
        aged(private_storage, "consents/1/1/left-over.pdf"),
        aged(private_storage, "public/removed.pdf"),
        aged(default_storage, "schools/logos/replaced.png"),
    ]
    fresh = aged(private_storage, "public/being-saved.pdf", days=0.5)
    waiting_import = aged(private_storage, f"imports/{cast.school.pk}/people-1234.xlsx", days=3)

    removed = clean_orphan_files.delay().get()

    assert removed == 3
    for name in orphans:
        storage = default_storage if name.startswith("schools/") else private_storage
        assert not storage.exists(name), name
    assert private_storage.exists(referenced.scan.name)
    assert default_storage.exists(cast.school.logo.name)
    assert private_storage.exists(fresh)
    assert private_storage.exists(waiting_import)
    assert clean_orphan_files.delay().get() == 0


@pytest.mark.django_db
def test_a_dry_run_lists_the_orphans_and_deletes_nothing(cast, capsys):
    orphan = aged(private_storage, "evidence/1/forgotten.pdf")

    call_command("clean_orphan_files", "--dry-run")

    assert "private/evidence/1/forgotten.pdf" in capsys.readouterr().out
    assert private_storage.exists(orphan)
    assert [os.path.basename(path) for path in remove_orphan_files().removed] == ["forgotten.pdf"]
    assert not private_storage.exists(orphan)


def test_the_orphan_job_is_scheduled_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["clean-orphan-files"]
    assert entry["task"] == clean_orphan_files.name
    assert entry["schedule"].remaining_estimate(datetime.datetime.now(tz=datetime.UTC)) <= datetime.timedelta(days=1)

"""Numbering, signing, freezing, verification and what signing decides."""

import datetime
import hashlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from accounts.memberships import forget_memberships, roles_in
from accounts.roles import Role
from documents import drafting, paper, signing
from documents.models import (
    Document,
    DocumentSettings,
    DocumentStatus,
    DocumentType,
    FrozenDocumentError,
    SigningMode,
)
from documents.numbering import next_number
from mentoring.models import Replacement, Status
from mentoring.replacement import replacement_request
from tests.documents.scans import pdf_bytes
from tests.mentoring.helpers import mentor
from tests.mentoring.test_lifecycle import active, proposed
from tests.programs.helpers import account


def pairs_order(cast, count=1):
    return drafting.draft_pairs_order(
        school=cast.school, mentorships=[proposed(cast) for _ in range(count)], by=cast.curator
    )


def signed(cast, document):
    signing.send_for_signature(document=document, by=cast.curator)
    signing.sign(document=document, by=cast.director, password="secret-pass-1")
    document.refresh_from_db()
    return document


@pytest.mark.django_db
def test_numbers_follow_a_per_school_per_year_sequence_with_the_prefix(cast):
    DocumentSettings.objects.create(school=cast.school, number_prefix="01-10/")
    day = datetime.date(2026, 9, 1)
    assert next_number(cast.school, day) == (1, "01-10/1")
    assert next_number(cast.school, day) == (2, "01-10/2")
    assert next_number(cast.other_school, day) == (1, "01-10/1")
    assert next_number(cast.school, datetime.date(2027, 1, 10)) == (1, "01-10/1")


@pytest.mark.django_db(transaction=True)
def test_two_documents_registered_at_once_never_share_a_number(cast):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks need PostgreSQL (SQLite serializes every writer anyway)")
    numbers, errors = [], []
    barrier = threading.Barrier(4)

    def register():
        try:
            barrier.wait()
            for _ in range(5):
                numbers.append(next_number(cast.school, datetime.date(2026, 10, 1))[0])
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == list(range(1, 21))


@pytest.mark.django_db
def test_signing_needs_the_password_and_freezes_the_pdf_with_its_hash(cast):
    document = pairs_order(cast)
    signing.send_for_signature(document=document, by=cast.curator)
    with pytest.raises(ValidationError, match="пароль"):
        signing.sign(document=document, by=cast.director, password="wrong")
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.AWAITING_SIGNATURE

    signing.sign(document=document, by=cast.director, password="secret-pass-1")
    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED
    assert document.signed_by == cast.director
    with document.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == document.sha256
    assert signing.verify(document)


@pytest.mark.django_db
def test_a_signed_document_never_changes_and_a_correction_cites_it(cast):
    document = signed(cast, pairs_order(cast))
    document.title = "Другой заголовок"
    with pytest.raises(FrozenDocumentError):
        document.save()
    with pytest.raises(FrozenDocumentError):
        Document.objects.get(pk=document.pk).delete()
    correction = drafting.correction_of(document=Document.objects.get(pk=document.pk), by=cast.curator)
    assert correction.supersedes_id == document.pk
    assert correction.number != document.number
    assert correction.status == DocumentStatus.DRAFT


@pytest.mark.django_db
def test_a_tampered_file_fails_verification(cast):
    document = signed(cast, pairs_order(cast))
    with document.pdf.open("wb") as handle:
        handle.write(b"%PDF-1.7 forged")
    assert not signing.verify(document)


@pytest.mark.django_db
def test_signing_a_pairs_order_approves_its_pairs_with_its_number(cast):
    document = pairs_order(cast, count=2)
    signed(cast, document)
    for mentorship in document.mentorships.all():
        assert mentorship.status in (Status.APPROVED, Status.ACTIVE)
        assert mentorship.order_number == document.number
        assert mentorship.order_date == document.date


@pytest.mark.django_db
def test_a_refused_consequence_signs_nothing(cast):
    document = pairs_order(cast)
    mentorship = document.mentorships.get()
    signing.send_for_signature(document=document, by=cast.curator)
    # No step of the portal takes a pair out of its pending order (tests/mentoring/test_one_road.py);
    # a pair changed behind the order's back (a restored backup, a concurrent import) still is refused.
    type(mentorship).objects.filter(pk=mentorship.pk).update(status=Status.DRAFT)
    with pytest.raises(ValidationError, match="больше не предложена"):
        signing.sign(document=document, by=cast.director, password="secret-pass-1")
    document.refresh_from_db()
    assert document.status == DocumentStatus.AWAITING_SIGNATURE
    assert not document.pdf


@pytest.mark.django_db
def test_a_completion_order_completes_and_a_replacement_order_replaces(cast):
    running = active(cast)
    completion = drafting.draft_completion_order(school=cast.school, mentorships=[running], by=cast.curator)
    signed(cast, completion)
    running.refresh_from_db()
    assert running.status == Status.COMPLETED

    other = active(cast)
    old = other.mentors[0]
    pending = replacement_request(
        mentorship=other,
        outgoing=old,
        incoming=mentor(cast.school),
        reason="illness",
        effective_on=datetime.date(2026, 12, 1),
        by=cast.curator,
    )
    signed(cast, drafting.draft_replacement_order(replacement=pending, by=cast.curator))
    pending.refresh_from_db()
    assert pending.state == Replacement.State.APPLIED
    assert pending.order_number


@pytest.mark.django_db
def test_a_curator_appointment_order_gives_the_curator_role(cast):
    from tests.factories import PersonFactory

    person = PersonFactory(school=cast.school, last_name="Новикова", first_name="Татьяна")
    user = account(person, "tatiana", role="mentor")
    signed(
        cast,
        drafting.draft_curator_order(school=cast.school, person=person, by=cast.director, academic_year="2026/2027"),
    )
    forget_memberships(user)
    assert Role.CURATOR in roles_in(user, cast.school)


@pytest.mark.django_db
def test_a_paper_original_becomes_the_document_of_record(cast):
    DocumentSettings.objects.create(school=cast.school, signing_mode=SigningMode.PAPER)
    document = pairs_order(cast)
    signing.send_for_signature(document=document, by=cast.curator)
    with pytest.raises(ValidationError, match="PDF"):
        paper.register_original(document=document, by=cast.curator, upload=SimpleUploadedFile("x.jpg", b"\xff\xd8\xff"))
    scan = pdf_bytes()
    paper.register_original(document=document, by=cast.curator, upload=SimpleUploadedFile("scan.pdf", scan))
    document.refresh_from_db()
    assert document.signed_on_paper
    assert document.sha256 == hashlib.sha256(scan).hexdigest()
    assert document.mentorships.get().status in (Status.APPROVED, Status.ACTIVE)


@pytest.mark.django_db
def test_the_public_verification_page_shows_no_personal_data(cast, client):
    document = signed(cast, pairs_order(cast))
    names = [p.last_name for m in document.mentorships.all() for p in m.mentors + m.mentees]
    page = client.get(reverse("verify", kwargs={"code": document.verification_code})).content.decode()
    assert document.number in page
    assert document.sha256 in page
    assert "подлинный" in page
    for name in names:
        assert name not in page
    assert client.get(reverse("verify", kwargs={"code": "nope"})).status_code == 404


@pytest.mark.django_db
def test_only_the_director_signs_and_the_inbox_lists_what_waits(cast, client_as):
    document = pairs_order(cast)
    signing.send_for_signature(document=document, by=cast.curator)
    assert (
        client_as(cast.curator)
        .post(reverse("documents:sign", kwargs={"pk": document.pk}), {"password": "secret-pass-1"})
        .status_code
        == 403
    )
    page = client_as(cast.director).get(reverse("documents:inbox")).content.decode()
    assert document.number in page
    client_as(cast.director).post(reverse("documents:sign", kwargs={"pk": document.pk}), {"password": "secret-pass-1"})
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.SIGNED
    assert document.number not in client_as(cast.director).get(reverse("documents:inbox")).content.decode()


@pytest.mark.django_db
def test_returning_needs_a_comment_and_the_curator_sees_it(cast, client_as):
    document = pairs_order(cast)
    signing.send_for_signature(document=document, by=cast.curator)
    with pytest.raises(ValidationError):
        signing.return_for_correction(document=document, by=cast.director, comment=" ")
    signing.return_for_correction(document=document, by=cast.director, comment="Уточните срок")
    page = client_as(cast.curator).get(reverse("documents:detail", kwargs={"pk": document.pk})).content.decode()
    assert "Уточните срок" in page
    assert Document.objects.get(pk=document.pk).type == DocumentType.ORDER_PAIRS

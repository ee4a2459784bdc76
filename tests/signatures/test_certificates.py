"""Issue 20: the deployment's root and the directors' certificates — issued, uploaded (PKCS#12),
revoked when the director leaves, reminded before they end — and their keys never in the clear."""

import datetime
import io
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from audit.models import AuditEvent
from documents.models import DocumentSettings
from notifications.reminders import DAILY
from signatures import issuing, keys
from signatures.models import Certificate, CertificateKind, DocumentSignature
from signatures.reminders import certificate_expiry
from tests.signatures.helpers import signed_bytes, signed_order


def pkcs12_file(*, password=b"p12-pass", days=365, usage=True, with_key=True, start=None):
    """A school's own certificate: a CA and the director's certificate it issued, in one container."""
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "School CA")])
    now = start or timezone.now() - datetime.timedelta(days=1)
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Director")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=days))
    )
    if usage:
        builder = builder.add_extension(issuing._key_usage(), critical=True)
    cert = builder.sign(ca_key, hashes.SHA256())
    return pkcs12.serialize_key_and_certificates(
        b"director",
        key if with_key else None,
        cert,
        [ca],
        serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption(),
    )


@pytest.mark.django_db
def test_the_command_creates_the_root_and_a_certificate_for_each_director_once(cast):
    DocumentSettings.objects.update_or_create(school=cast.school, defaults={"place": "г. Лодейное Поле"})
    out = io.StringIO()
    call_command("issue_signing_certificates", stdout=out)
    assert Certificate.objects.filter(kind=CertificateKind.ROOT).count() == 1
    mine = Certificate.objects.get(owner=cast.director, school=cast.school)
    cert = issuing.load(mine.certificate_pem)
    subject = {attribute.oid: attribute.value for attribute in cert.subject}
    assert subject[NameOID.COMMON_NAME] == cast.director.get_full_name()
    assert subject[NameOID.ORGANIZATION_NAME] == cast.school.full_name[:64]
    assert subject[NameOID.TITLE] == cast.school.director_position
    assert subject[NameOID.LOCALITY_NAME] == "г. Лодейное Поле"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature
    assert usage.content_commitment
    assert not usage.key_cert_sign
    assert 364 <= (mine.not_after - mine.not_before).days <= 366
    assert mine.serial_hex in out.getvalue()
    call_command("issue_signing_certificates", "--school", cast.school.slug, stdout=io.StringIO())
    assert Certificate.objects.filter(owner=cast.director, school=cast.school).count() == 1  # already had one


@pytest.mark.django_db
def test_the_director_uploads_a_pkcs12_and_signs_with_it(cast, client_as):
    client = client_as(cast.director)
    response = client.post(
        reverse("signatures:upload"), {"file": io.BytesIO(pkcs12_file()), "password": "p12-pass"}, follow=True
    )
    assert response.status_code == 200
    uploaded = Certificate.objects.get(kind=CertificateKind.UPLOADED)
    assert "-----BEGIN ENCRYPTED PRIVATE KEY-----" in uploaded.encrypted_key_pem
    assert AuditEvent.objects.filter(object_id=str(uploaded.pk), actor=cast.director).exists()
    document = signed_order(cast)
    assert DocumentSignature.objects.get(document=document).certificate == uploaded
    from documents.verification import check_file

    report = check_file(signed_bytes(document))
    assert report.ok
    assert report.embedded.anchor == "school"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "password", "message"),
    [
        ({}, "wrong", "Файл не удалось открыть"),
        ({"usage": False}, "p12-pass", "Сертификат не позволяет подписывать документы"),
        ({"start": timezone.now() - datetime.timedelta(days=400), "days": 30}, "p12-pass", "сегодня недействителен"),
        ({"with_key": False}, "p12-pass", "нет закрытого ключа"),
    ],
)
def test_a_bad_container_is_refused_in_words_and_nothing_is_stored(cast, client_as, kwargs, password, message):
    client = client_as(cast.director)
    response = client.post(
        reverse("signatures:upload"), {"file": io.BytesIO(pkcs12_file(**kwargs)), "password": password}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Certificate.objects.filter(kind=CertificateKind.UPLOADED).exists()


@pytest.mark.django_db
def test_only_the_director_manages_certificates(cast, client_as):
    assert client_as(cast.curator).get(reverse("signatures:certificates")).status_code == 403
    page = client_as(cast.director).get(reverse("signatures:certificates"))
    assert page.status_code == 200
    assert "Сертификаты подписи" in page.content.decode()


@pytest.mark.django_db
def test_removing_the_director_role_revokes_at_once_and_old_documents_say_so(cast):
    document = signed_order(cast)
    certificate = DocumentSignature.objects.get(document=document).certificate
    Membership.objects.filter(user=cast.director, school=cast.school, role=Role.DIRECTOR).delete()
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revocation_reason == "Роль директора прекращена"
    assert issuing.current(user=cast.director, school=cast.school) is None
    from documents.verification import check_file

    report = check_file(signed_bytes(document))
    assert report.ok
    assert any("Подписан до отзыва сертификата" in row.text for row in report.rows)


@pytest.mark.django_db
def test_the_director_revokes_a_certificate_with_a_reason(cast, client_as):
    certificate = issuing.issue(user=cast.director, school=cast.school)
    client = client_as(cast.director)
    client.post(reverse("signatures:revoke", args=[certificate.pk]), {"reason": ""})
    certificate.refresh_from_db()
    assert certificate.revoked_at is None  # no reason, nothing changed
    client.post(reverse("signatures:revoke", args=[certificate.pk]), {"reason": "Утерян токен"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revocation_reason == "Утерян токен"
    page = client.get(reverse("signatures:certificates")).content.decode()
    assert f"отозван {timezone.localtime(certificate.revoked_at):%d.%m.%Y}: Утерян токен" in page


@pytest.mark.django_db
def test_another_schools_certificate_is_not_found(cast, client_as):
    certificate = issuing.issue(user=cast.director, school=cast.school)
    other_director = Membership.objects.filter(school=cast.other_school).first().user
    Membership.objects.get_or_create(user=other_director, school=cast.other_school, role=Role.DIRECTOR)
    client = client_as(other_director)
    assert client.post(reverse("signatures:revoke", args=[certificate.pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("signatures:download", args=[certificate.pk])).status_code == 404


@pytest.mark.django_db
def test_a_director_is_reminded_once_30_days_before_the_certificate_ends(cast):
    assert certificate_expiry in DAILY
    certificate = issuing.issue(user=cast.director, school=cast.school, days=45)
    today = timezone.localdate()
    assert certificate_expiry(cast.school, today) == []
    [reminder] = certificate_expiry(cast.school, today + datetime.timedelta(days=16))
    assert reminder.user == cast.director
    assert certificate.serial_hex in reminder.body
    assert reminder.title.startswith("Срок вашего сертификата подписи истекает")
    issuing.issue(user=cast.director, school=cast.school)  # a new one takes over: no reminder
    assert certificate_expiry(cast.school, today + datetime.timedelta(days=16)) == []


@pytest.mark.django_db(transaction=True)
def test_the_database_dump_holds_no_private_key_in_the_clear(cast, tmp_path):
    """The dump the backup archives: SQLite's file as is, PostgreSQL's custom archive turned back
    into its SQL text by pg_restore (the archive itself is compressed)."""
    from backups import database

    signed_order(cast)
    path = tmp_path / "dump"
    database.dump(connection, path)
    if connection.vendor == "postgresql":
        dump = subprocess.run(["pg_restore", "--file=-", str(path)], capture_output=True, check=True).stdout
    else:
        dump = path.read_bytes()
    assert b"BEGIN ENCRYPTED PRIVATE KEY" in dump
    assert b"BEGIN PRIVATE KEY" not in dump
    assert b"BEGIN RSA PRIVATE KEY" not in dump
    assert b"BEGIN EC PRIVATE KEY" not in dump


@pytest.mark.django_db
def test_without_the_passphrase_signing_is_refused_in_words(cast, settings):
    settings.SIGNING_KEY_PASSPHRASE = ""
    with pytest.raises(ValidationError) as error:
        keys.passphrase()
    assert "SIGNING_KEY_PASSPHRASE" in error.value.messages[0]

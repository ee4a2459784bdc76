"""Issuing, uploading and revoking the certificates that sign documents.

The deployment has one root (a self-signed CA); it issues each director a certificate for the
school (subject: CN = full name, O = the school's full name, title = position, L = locality; key
usage digitalSignature + nonRepudiation). A school may instead upload the PKCS#12 it already has.
A director who signs without a certificate gets one from the root at that moment, so signing
never stops for the lack of one.
"""

import datetime
import functools
import os
import warnings

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from signatures import keys
from signatures.models import Certificate, CertificateKind


def _quietly(function):
    """cryptography warns, when it builds or parses a name, of a value above 64 UTF-8 bytes; a Cyrillic
    name of 64 characters is within RFC 5280 (see _attribute), so that warning is silenced here."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Attribute's length must be", category=UserWarning)
            return function(*args, **kwargs)

    return wrapper


ROOT_YEARS = 10
KEY_BITS = 2048
ROOT_NAME = "Портал «Наставничество»: корневой сертификат"
ROOT_ORGANIZATION = "Портал «Наставничество»"
MAX_PKCS12_BYTES = 256 * 1024


def _serial() -> int:
    """A positive random serial of at most 128 bits (32 hex digits, short enough for the stamp)."""
    return int.from_bytes(os.urandom(16), "big") >> 1 or 1


def serial_hex(certificate: x509.Certificate) -> str:
    return format(certificate.serial_number, "X")


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


@_quietly
def load(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode("ascii"))


@_quietly
def load_chain(pem: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem.encode("ascii")) if pem.strip() else []


@_quietly
def _attribute(oid, value: str, limit: int = 64) -> x509.NameAttribute:
    """RFC 5280 bounds a name in characters (ub-organization-name = 64); cryptography counts UTF-8
    bytes, which would cut a Cyrillic school name to 32 letters, so its byte check is skipped."""
    return x509.NameAttribute(oid, str(value)[:limit], _validate=False)


@_quietly
def _record(kind, certificate, *, key=None, school=None, owner=None, chain=()) -> Certificate:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return Certificate.objects.create(
        kind=kind,
        school=school,
        owner=owner,
        subject_name=str(names[0].value) if names else certificate.subject.rfc4514_string(),
        serial_hex=serial_hex(certificate),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        certificate_pem=_pem(certificate),
        chain_pem="".join(_pem(item) for item in chain),
        encrypted_key_pem=keys.encrypt(key) if key is not None else "",
    )


# --- the deployment's root -------------------------------------------------------------


@transaction.atomic
@_quietly
def deployment_root() -> Certificate:
    """The root, created the first time it is needed."""
    existing = Certificate.objects.select_for_update().filter(kind=CertificateKind.ROOT).first()
    if existing is not None:
        return existing
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    name = x509.Name(
        [
            _attribute(NameOID.COMMON_NAME, ROOT_NAME),
            _attribute(NameOID.ORGANIZATION_NAME, ROOT_ORGANIZATION),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "RU"),
        ]
    )
    now = timezone.now() - datetime.timedelta(minutes=5)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(_serial())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return _record(CertificateKind.ROOT, certificate, key=key)


def root_certificate() -> x509.Certificate | None:
    root = Certificate.objects.filter(kind=CertificateKind.ROOT).first()
    return load(root.certificate_pem) if root else None


def _key_usage(*, cert_sign: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


# --- the directors' certificates --------------------------------------------------------


def locality(school) -> str:
    """The place printed on the school's documents («г. Лодейное Поле»), else its municipality."""
    from documents.models import DocumentSettings

    row = DocumentSettings.objects.filter(school=school).first()
    return (row.place if row and row.place else "") or str(getattr(school, "municipality", "") or "")


@transaction.atomic
@_quietly
def issue(*, user, school, days: int | None = None) -> Certificate:
    """A new certificate of the director for the school, signed by the deployment's root."""
    root = deployment_root()
    root_key = keys.decrypt(root.encrypted_key_pem)
    root_cert = load(root.certificate_pem)
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    attributes = [
        _attribute(NameOID.COMMON_NAME, user.get_full_name()),
        _attribute(NameOID.ORGANIZATION_NAME, school.full_name),
    ]
    if school.director_position:
        attributes.append(_attribute(NameOID.TITLE, school.director_position))
    if locality(school):
        attributes.append(_attribute(NameOID.LOCALITY_NAME, locality(school), 128))
    attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "RU"))
    now = timezone.now() - datetime.timedelta(minutes=5)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(root_cert.subject)
        .public_key(key.public_key())
        .serial_number(_serial())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=days or settings.SIGNING_CERTIFICATE_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_cert.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return _record(CertificateKind.ISSUED, certificate, key=key, school=school, owner=user, chain=[root_cert])


def current(*, user, school) -> Certificate | None:
    """The director's usable certificate for the school: an uploaded one first, the newest first."""
    usable = Certificate.objects.for_school(school).usable().filter(owner=user)
    return usable.filter(kind=CertificateKind.UPLOADED).first() or usable.first()


def for_signing(*, user, school) -> Certificate:
    """The certificate to sign with now; issued from the deployment's root when there is none."""
    return current(user=user, school=school) or issue(user=user, school=school)


# --- a PKCS#12 the school already has ---------------------------------------------------


@_quietly
def upload_pkcs12(*, data: bytes, password: str, user, school) -> Certificate:
    """Takes the director's certificate and key from a PKCS#12 file: it must open with the password,
    hold a private key matching the certificate, be in its validity period and allow signing."""
    if len(data) > MAX_PKCS12_BYTES:
        raise ValidationError(_("The file is too large for a certificate container."))
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except (ValueError, TypeError):
        raise ValidationError(
            _("The file could not be opened: it is not a PKCS#12 container (.p12, .pfx) or the password is wrong.")
        ) from None
    if key is None or certificate is None:
        raise ValidationError(_("The container holds no private key with its certificate."))
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ValidationError(_("Only RSA and ECDSA keys are supported."))
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(serialization.Encoding.DER, public) != certificate.public_key().public_bytes(
        serialization.Encoding.DER, public
    ):
        raise ValidationError(_("The private key does not belong to the certificate."))
    now = timezone.now()
    if not (certificate.not_valid_before_utc <= now < certificate.not_valid_after_utc):
        raise ValidationError(
            _("The certificate is not valid today: it is valid from %(start)s to %(end)s.")
            % {
                "start": certificate.not_valid_before_utc.strftime("%d.%m.%Y"),
                "end": certificate.not_valid_after_utc.strftime("%d.%m.%Y"),
            }
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is None or not (usage.digital_signature and usage.content_commitment):
        raise ValidationError(
            _("The certificate does not allow signing documents (key usage digitalSignature and nonRepudiation).")
        )
    if Certificate.objects.filter(serial_hex=serial_hex(certificate), kind=CertificateKind.UPLOADED).exists():
        raise ValidationError(_("This certificate is already uploaded."))
    return _record(CertificateKind.UPLOADED, certificate, key=key, school=school, owner=user, chain=extra or [])


# --- revocation -------------------------------------------------------------------------


def revoke(certificate: Certificate, *, reason: str, on=None) -> None:
    """Recorded with its time: documents signed before it stay valid and say so."""
    if certificate.revoked_at is not None:
        return
    certificate.revoked_at = on or timezone.now()
    certificate.revocation_reason = reason[:255]
    certificate.save(update_fields=["revoked_at", "revocation_reason"])


def revoke_all(*, user, school, reason: str) -> int:
    revoked = 0
    mine = Certificate.objects.filter(school_id=getattr(school, "pk", school), owner_id=getattr(user, "pk", user))
    for certificate in mine.filter(revoked_at__isnull=True):
        revoke(certificate, reason=reason)
        revoked += 1
    return revoked


def director_left(*, user, school) -> int:
    """The director's role in the school ended: their certificates for it are revoked at once."""
    from accounts.models import Membership
    from accounts.roles import Role

    user_id, school_id = getattr(user, "pk", user), getattr(school, "pk", school)
    if Membership.objects.filter(user_id=user_id, school_id=school_id, role=Role.DIRECTOR).exists():
        return 0
    return revoke_all(user=user_id, school=school_id, reason=_("The director's role ended"))

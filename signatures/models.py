"""Certificates that sign the school's documents (PAdES): the deployment's root and the directors'.

A private key is kept only as encrypted PKCS#8 (signatures/keys.py), so neither the database nor
a backup of it holds a key in the clear. A certificate uploaded by the school (PKCS#12) keeps the
chain that came with it: its root is the school's own trust anchor.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolScopedManager, SchoolScopedQuerySet


class CertificateKind(models.TextChoices):
    ROOT = "root", _("deployment root")
    ISSUED = "issued", _("issued by the portal")
    UPLOADED = "uploaded", _("uploaded by the school")


class CertificateQuerySet(SchoolScopedQuerySet):
    def usable(self, on=None):
        """Signing certificates in their validity period and not revoked."""
        now = on or timezone.now()
        return self.exclude(kind=CertificateKind.ROOT).filter(
            revoked_at__isnull=True, not_before__lte=now, not_after__gt=now
        )


class Certificate(models.Model):
    school_path = "school"  # the deployment's root has none: no school's scope ever shows it

    kind = models.CharField(_("kind"), max_length=16, choices=CertificateKind.choices)
    school = models.ForeignKey(
        "accounts.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="signing_certificates",
        null=True,
        blank=True,
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="signing_certificates",
        null=True,
        blank=True,
    )
    subject_name = models.CharField(_("owner's name in the certificate"), max_length=255)
    serial_hex = models.CharField(_("serial number"), max_length=64, db_index=True)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    certificate_pem = models.TextField(_("certificate (PEM)"))
    chain_pem = models.TextField(_("issuer certificates (PEM)"), blank=True)
    encrypted_key_pem = models.TextField(_("private key (encrypted PKCS#8)"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        ordering = ["-not_after", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind"], condition=models.Q(kind="root"), name="one_deployment_root"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} ({self.serial_hex})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class DocumentSignature(models.Model):
    """The PAdES signature a signed document's file carries: with which certificate, when."""

    school_path = "document__school"

    document = models.OneToOneField(
        "documents.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="pades"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="signatures"
    )
    signed_at = models.DateTimeField(_("signed at"))

    objects = SchoolScopedManager()

    class Meta:
        verbose_name = _("document signature")
        verbose_name_plural = _("document signatures")

    def __str__(self) -> str:
        return f"{self.document_id}: {self.certificate}"

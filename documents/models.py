"""The registry of the school's documents: orders, consents, agreements, programs, reports.

A document is drafted from the portal's data, sent for signature, signed by the director in
the browser (or uploaded as a scan of the paper original) and then frozen: its PDF, hash,
signer and time never change. A correction is a new document that cites the old one.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolOwned, SchoolScopedQuerySet
from people.storage import private_storage


class DocumentType(models.TextChoices):
    ORDER_REGULATION = "order_regulation", _("order approving the regulation and the roadmap")
    ORDER_CURATOR = "order_curator", _("order appointing the curator")
    ORDER_PAIRS = "order_pairs", _("order fixing mentoring pairs and groups")
    ORDER_REPLACEMENT = "order_replacement", _("order replacing a mentor")
    ORDER_COMPLETION = "order_completion", _("order completing mentoring programs")
    ORDER_TERMINATION = "order_termination", _("order ending mentoring early")
    ORDER_EXTENSION = "order_extension", _("order extending the term of mentoring")
    ORDER_AWARD = "order_award", _("order rewarding mentors")
    ORDER_COUNCIL = "order_council", _("order on the composition of the mentor council")
    # The mentor's school assigns its employee to mentor in another school of the municipality
    # (the extra duty and its pay, Labour Code art. 351.8); the mentee's school fixes the pair.
    ORDER_EXTERNAL_MENTOR = "order_external_mentor", _("order assigning a mentor to another school's mentee")
    CONSENT_PARTICIPATION = "consent_participation", _("consent to take part in mentoring")
    CONSENT_PERSONAL_DATA = "consent_personal_data", _("consent to personal data processing")
    CONSENT_GUARDIAN = "consent_guardian", _("a legal guardian's consent")
    CONSENT_PUBLICATION = "consent_publication", _("consent to publication of personal data")
    CONSENT_MUNICIPAL = "consent_municipal", _("consent to share personal data with the municipality")
    CONTRACT_SUPPLEMENT = "contract_supplement", _("supplementary agreement to the employment contract")
    PROGRAM = "program", _("personalized mentoring program")
    MENTOR_REPORT = "mentor_report", _("the mentor's report")

    @property
    def is_order(self) -> bool:
        return self.value.startswith("order_")

    @property
    def is_consent(self) -> bool:
        return self.value.startswith("consent_")

    @property
    def series(self) -> "Series":
        if self.is_order:
            return Series.ORDERS
        if self.is_consent:
            return Series.CONSENTS
        if self == DocumentType.CONTRACT_SUPPLEMENT:
            return Series.AGREEMENTS
        return Series.INTERNAL


class Series(models.TextChoices):
    """Each kind of document is numbered in its own series, as a records clerk keeps them."""

    ORDERS = "orders", _("orders")
    AGREEMENTS = "agreements", _("agreements to employment contracts")
    CONSENTS = "consents", _("consents")
    INTERNAL = "internal", _("programs and reports")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AWAITING_SIGNATURE = "awaiting", _("awaiting signature")
    SIGNED = "signed", _("signed")
    RETURNED = "returned", _("returned for correction")
    # Never signed and never to be: its number stays in the registry, its pairs are free again.
    WITHDRAWN = "withdrawn", _("withdrawn unsigned")


class RenderState(models.TextChoices):
    IDLE = "idle", _("not rendered")
    PENDING = "pending", _("rendering")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class SigningMode(models.TextChoices):
    PORTAL = "portal", _("the director signs in the portal")
    PAPER = "paper", _("the director signs on paper; the curator or secretary registers the original")


DEFAULT_CONTEST_DAYS = 5


class DocumentSettings(SchoolOwned):
    signing_mode = models.CharField(
        _("how the director signs"), max_length=16, choices=SigningMode.choices, default=SigningMode.PORTAL
    )
    contest_days = models.PositiveSmallIntegerField(
        _("days to contest a registered paper original"),
        default=DEFAULT_CONTEST_DAYS,
        help_text=_("The director may contest a registration within this many days; it is then undone."),
    )
    number_prefix = models.CharField(
        _("number prefix"), max_length=32, default="01-10/", blank=True, help_text=_("For example «01-10/»")
    )
    agreement_prefix = models.CharField(_("agreement number prefix"), max_length=32, default="ДС-", blank=True)
    consent_prefix = models.CharField(_("consent number prefix"), max_length=32, default="С-", blank=True)
    internal_prefix = models.CharField(_("program and report number prefix"), max_length=32, default="ВД-", blank=True)
    place = models.CharField(
        _("place of issue"), max_length=255, blank=True, help_text=_("For example «г. Лодейное Поле»")
    )
    legal_basis = models.TextField(
        _("legal basis of orders on mentoring"),
        blank=True,
        help_text=_("One act per line, in the instrumental case after «В соответствии с»; empty: the standard list"),
    )

    class Meta:
        verbose_name = _("document settings")
        verbose_name_plural = _("document settings")
        constraints = [models.UniqueConstraint(fields=["school"], name="unique_document_settings")]

    def __str__(self) -> str:
        return str(self.school)


class NumberSequence(SchoolOwned):
    """The last number issued in a school's registry in a calendar year."""

    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=16, choices=Series.choices, default=Series.ORDERS)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "series"], name="unique_number_sequence_per_series")
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.year}: {self.last}"


# The appendices of the regulation order (the Положение and the roadmap) have their own wording too.
TEMPLATE_KEYS = [
    *DocumentType.choices,
    ("regulation", _("regulation on the mentoring system (appendix 1 to the order)")),
    ("roadmap", _("roadmap (appendix 2 to the order)")),
]


class TemplateOverride(SchoolOwned):
    """A school's own wording of a document type or an appendix (a full Django template extending the base)."""

    type = models.CharField(_("document type"), max_length=32, choices=TEMPLATE_KEYS)
    html = models.TextField(
        _("template"), help_text=_("A Django template; start from the standard one and keep {% extends %}.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document template of the school")
        verbose_name_plural = _("document templates of the school")
        constraints = [models.UniqueConstraint(fields=["school", "type"], name="unique_template_override")]

    def __str__(self) -> str:
        return self.get_type_display()


def new_verification_code() -> str:
    return secrets.token_urlsafe(9)


def document_path(document, filename: str) -> str:
    return f"documents/{document.school_id}/{document.date:%Y}/{document.pk}-{document.verification_code}.pdf"


def published_path(document, filename: str) -> str:
    stem = f"{document.pk}-{document.verification_code}"
    return f"documents/{document.school_id}/{document.date:%Y}/{stem}-published.pdf"


class Document(SchoolOwned):
    type = models.CharField(_("type"), max_length=32, choices=DocumentType.choices)
    title = models.CharField(_("title"), max_length=500)
    number = models.CharField(_("number"), max_length=64)
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("series"), max_length=16, choices=Series.choices, default=Series.ORDERS)
    sequence = models.PositiveIntegerField(_("sequence number"))
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    context = models.JSONField(_("content"), default=dict)
    return_comment = models.TextField(_("why it was returned"), blank=True)
    supersedes = models.ForeignKey(
        "self", verbose_name=_("corrects"), null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    mentorships = models.ManyToManyField("mentoring.Mentorship", blank=True, related_name="documents")
    replacement = models.ForeignKey(
        "mentoring.Replacement", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    render_state = models.CharField(max_length=16, choices=RenderState.choices, default=RenderState.IDLE)
    render_error = models.TextField(blank=True)
    preview = models.FileField(storage=private_storage, upload_to="documents/previews/", blank=True)
    pdf = models.FileField(_("signed PDF"), storage=private_storage, upload_to=document_path, blank=True)
    # FileField values compare by name, so the frozen check sees a replaced file too.
    # What the public section publishes of a signed regulation order: its appendices alone (the
    # Положение and the roadmap), PDF/A, rendered from the same context when it is signed.
    published_pdf = models.FileField(
        _("published regulation (PDF)"), storage=private_storage, upload_to=published_path, blank=True
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_on_paper = models.BooleanField(_("signed on paper (scan)"), default=False)
    # The other party: the subject of a consent, the employee of an agreement. Their simple
    # electronic signature is their own login and an explicit confirmation, recorded with its time.
    party_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by the party"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_signed_at = models.DateTimeField(_("signed by the party at"), null=True, blank=True)
    consent = models.OneToOneField(
        "people.Consent", null=True, blank=True, on_delete=models.SET_NULL, related_name="document"
    )
    verification_code = models.CharField(max_length=32, unique=True, default=new_verification_code)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "series", "sequence"], name="unique_document_number"),
        ]
        indexes = [
            models.Index(fields=["school", "status"]),
            # The registry: one school's documents, newest first, a page at a time.
            models.Index(fields=["school", "-date", "-sequence"], name="document_school_newest"),
        ]

    def __str__(self) -> str:
        return f"№ {self.number} от {self.date:%d.%m.%Y} — {self.title}"

    @property
    def is_frozen(self) -> bool:
        return self.status == DocumentStatus.SIGNED

    @property
    def is_consent(self) -> bool:
        return DocumentType(self.type).is_consent

    @property
    def needs_party_signature(self) -> bool:
        """Consents are the subject's own documents; an agreement is signed by both parties."""
        return self.is_consent or self.type == DocumentType.CONTRACT_SUPPLEMENT

    @property
    def needs_director_signature(self) -> bool:
        return not self.is_consent

    @property
    def ready_for_director(self) -> bool:
        """An agreement reaches the director once the employee has signed it; a consent never does."""
        if self.type == DocumentType.CONTRACT_SUPPLEMENT:
            return self.party_signed_at is not None
        return self.needs_director_signature

    def superseding(self):
        """The signed correction that replaced this document, if any."""
        return self.corrections.filter(status=DocumentStatus.SIGNED).order_by("date", "sequence").first()

    FROZEN_FIELDS = (
        "type",
        "title",
        "number",
        "date",
        "context",
        "pdf",
        "published_pdf",
        "sha256",
        "signed_by_id",
        "signed_at",
        "status",
        "party_signed_by_id",
        "party_signed_at",
    )

    def save(self, *args, **kwargs):
        """A signed document never changes: a correction is a new document citing it."""
        if self.pk:
            stored = Document.objects.filter(pk=self.pk, status=DocumentStatus.SIGNED).exclude(sha256="").first()
            if stored is not None and any(getattr(stored, f) != getattr(self, f) for f in self.FROZEN_FIELDS):
                raise FrozenDocumentError(_("A signed document cannot be changed; draft a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == DocumentStatus.SIGNED:
            raise FrozenDocumentError(_("A signed document cannot be deleted."))
        return super().delete(*args, **kwargs)


class FrozenDocumentError(Exception):
    pass


def registration_path(registration, filename: str) -> str:
    document = registration.document
    return f"documents/{document.school_id}/{document.date:%Y}/{document.pk}-paper-{secrets.token_hex(4)}.pdf"


class PaperRegistration(SchoolOwned):
    """A paper original registered in the registry by someone other than the director.

    The director is told at once and may contest it within the school's ``contest_days``;
    a contested registration is undone with what the document decided (``documents.paper``).
    """

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="paper_registrations")
    scan = models.FileField(_("scan"), storage=private_storage, upload_to=registration_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    pages = models.PositiveIntegerField(_("pages"), default=1)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    contest_until = models.DateField(_("may be contested until"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    contested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contested_at = models.DateTimeField(_("contested"), null=True, blank=True)
    contest_reason = models.TextField(_("why it was contested"), blank=True)
    # What applying the document changed that its undoing must know (e.g. whether the curator's
    # role was new), written when it is registered.
    applied = models.JSONField(default=dict, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("registered paper original")
        verbose_name_plural = _("registered paper originals")
        ordering = ["-registered_at", "-pk"]

    def __str__(self) -> str:
        return str(self.document)

    @property
    def is_open(self) -> bool:
        """Neither confirmed nor contested yet."""
        return self.confirmed_at is None and self.contested_at is None

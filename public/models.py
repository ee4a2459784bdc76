"""What the school publishes in its «Наставничество» section besides what the portal derives."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolOwned
from people.storage import private_storage


class NewsItem(SchoolOwned):
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"))
    published_on = models.DateField(_("date"))
    is_announcement = models.BooleanField(_("announcement"), default=False)
    is_published = models.BooleanField(_("published"), default=True)
    # A council member's draft (002 §IV.5): unpublished until the curator publishes it.
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class FileKind(models.TextChoices):
    FEDERAL = "federal", _("federal regulation")
    REGIONAL = "regional", _("regional regulation")
    LOCAL = "local", _("local act of the school")
    RECOMMENDATION = "recommendation", _("methodological recommendation")


class PublicFile(SchoolOwned):
    """A regulation or a methodological recommendation: an uploaded PDF or a link."""

    kind = models.CharField(_("kind"), max_length=16, choices=FileKind.choices)
    title = models.CharField(_("title"), max_length=500)
    file = models.FileField(_("file (PDF)"), storage=private_storage, upload_to="public/", blank=True)
    link = models.URLField(_("link"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("published document")
        verbose_name_plural = _("published documents")
        ordering = ["kind", "position", "title"]

    def __str__(self) -> str:
        return self.title


class SectionText(SchoolOwned):
    """The curator's own words on the section's main page."""

    intro = models.TextField(_("introduction"), blank=True)
    contacts = models.TextField(_("contacts of the curator"), blank=True)
    # The council's proposed wording, shown on the site only once the curator publishes it.
    draft_intro = models.TextField(_("proposed introduction"), blank=True)
    draft_contacts = models.TextField(_("proposed contacts"), blank=True)
    draft_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    @property
    def has_draft(self) -> bool:
        return self.draft_by_id is not None

    class Meta:
        verbose_name = _("section text")
        verbose_name_plural = _("section texts")
        constraints = [models.UniqueConstraint(fields=["school"], name="unique_section_text")]

    def __str__(self) -> str:
        return str(self.school)

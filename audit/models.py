from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolOwned


class AuditAction(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    ARCHIVE = "archive", _("archived")
    RESTORE = "restore", _("restored from the archive")
    IMPORT = "import", _("imported")
    EXPORT = "export", _("exported")
    DOWNLOAD = "download", _("downloaded a file")
    CONSENT_GIVEN = "consent_given", _("consent recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("consent withdrawn")
    CONFIRM = "confirm", _("confirmed")
    DELETE = "delete", _("deleted")
    REGISTER_ORIGINAL = "register_original", _("registered a signed paper original")
    CONTEST = "contest", _("contested")


class AuditEvent(SchoolOwned):
    """One access to or change of personal data: who, when, what."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["school", "object_type", "object_id"]),
            # The log page: one school's events, newest first, a page at a time.
            models.Index(fields=["school", "-at"], name="audit_school_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor} {self.get_action_display()} {self.object_repr}"

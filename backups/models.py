from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolOwned
from people.storage import private_storage


class ExportState(models.TextChoices):
    PENDING = "pending", _("being prepared")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


def export_path(export, filename: str) -> str:
    return f"exports/{export.school_id}/{export.pk}-{export.token}.zip"


class SchoolExport(SchoolOwned):
    """A director's request for the ZIP of all the school's data, made by a Celery task."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("state"), max_length=16, choices=ExportState.choices, default=ExportState.PENDING)
    token = models.CharField(max_length=32, default="", blank=True)
    file = models.FileField(storage=private_storage, upload_to=export_path, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("school data export")
        verbose_name_plural = _("school data exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return _("School data export of %(date)s") % {"date": f"{timezone.localtime(self.created_at):%d.%m.%Y %H:%M}"}

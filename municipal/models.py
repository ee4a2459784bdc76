"""The municipality's own records (issue 18)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import MunicipalityScopedQuerySet


class MunicipalReport(models.Model):
    """The coordinator's own conclusions for the municipal analytical report of an academic year;
    the figures are never stored here — the PDF computes them (frozen where schools froze them)."""

    municipality_path = "municipality"

    municipality = models.ForeignKey(
        "accounts.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("academic year"))
    conclusions = models.TextField(_("conclusions"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MunicipalityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipal analytical report")
        verbose_name_plural = _("municipal analytical reports")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="unique_municipal_report_year"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} — {self.year}/{self.year + 1}"

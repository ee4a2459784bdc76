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


class SchoolYearFigures(models.Model):
    """A school's indicators of an academic year as ``monitoring.indicators.compute_many`` gave
    them at ``computed_at`` (issue 19): the municipality's and the region's pages read these rows
    instead of computing every school's figures per request. Derived data, never a person's:
    ``municipal.figures`` refreshes it on change and nightly; frozen years come from their frozen
    results instead."""

    municipality_path = "school__municipality"

    school = models.ForeignKey(
        "accounts.School", verbose_name=_("school"), on_delete=models.CASCADE, related_name="year_figures"
    )
    year = models.PositiveSmallIntegerField(_("academic year"))
    # code: [numerator, denominator, responded, target] — target as a string or null
    figures = models.JSONField(_("figures"), default=dict)
    regulation = models.BooleanField(_("the regulation order is signed"), default=False)
    implemented = models.BooleanField(_("the mentoring system is implemented"), default=False)
    computed_at = models.DateTimeField(_("computed"))

    objects = MunicipalityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("school's figures of a year")
        verbose_name_plural = _("schools' figures of a year")
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="unique_school_year_figures")]

    def __str__(self) -> str:
        return f"{self.school_id} {self.year}"


class MunicipalityYearFigures(models.Model):
    """A municipality's schools' figures of a year summed (issue 19), kept beside the schools'
    rows (``municipal.figures.store_municipality_sums``): the region's page reads one row per
    municipality, so 1,000 schools cost what 50 do. ``sums``: code → [numerators, denominators,
    who answered, people behind the schools whose share is small]."""

    municipality_path = "municipality"

    municipality = models.ForeignKey(
        "accounts.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="year_figures"
    )
    year = models.PositiveSmallIntegerField(_("academic year"))
    sums = models.JSONField(_("figures"), default=dict)
    schools = models.PositiveIntegerField(_("schools"), default=0)
    implemented = models.PositiveIntegerField(_("the mentoring system is implemented"), default=0)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)  # its oldest school's

    objects = MunicipalityScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality's figures of a year")
        verbose_name_plural = _("municipalities' figures of a year")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="unique_municipality_year_figures")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}"

"""Monitoring: the targets of the indicators, and the school's roadmap (дорожная карта)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolOwned


class IndicatorTarget(SchoolOwned):
    """A school's target for one indicator in one academic year (named by its first calendar year)."""

    code = models.CharField(_("indicator"), max_length=32)
    year = models.PositiveSmallIntegerField(_("academic year"))
    value = models.DecimalField(_("target"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [models.UniqueConstraint(fields=["school", "code", "year"], name="unique_indicator_target")]

    def __str__(self) -> str:
        return f"{self.code} {self.year}: {self.value}"


class RoadmapStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    MOVED = "moved", _("moved")
    CANCELLED = "cancelled", _("cancelled")


class RoadmapEvent(SchoolOwned):
    """An event of the school's roadmap (seed 002's table): stage, dates, responsible, status."""

    year = models.PositiveSmallIntegerField(_("academic year"))
    stage = models.CharField(_("stage"), max_length=255)
    title = models.CharField(_("event"), max_length=500)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    responsible = models.CharField(_("responsible"), max_length=255, blank=True)
    result = models.CharField(_("result"), max_length=500, blank=True)
    for_pairs = models.BooleanField(
        _("a school event for the pairs"),
        default=False,
        help_text=_("Counts towards the indicator «school events for pairs» when held."),
    )
    status = models.CharField(_("status"), max_length=16, choices=RoadmapStatus.choices, default=RoadmapStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("roadmap event")
        verbose_name_plural = _("roadmap events")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

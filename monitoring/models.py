"""Monitoring: the targets of the indicators, the school's roadmap (дорожная карта) and the frozen results."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.scoping import SchoolAndMunicipalityScopedQuerySet, SchoolOwned


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


class MonitoringResult(SchoolOwned):
    """The school's indicators of one academic year as frozen on 30 June (seed 000 §1.6): the
    figures the public report and the analytical report of the year print.

    ``data`` keeps every indicator's numerator, denominator, value, target and «как считается»,
    so the reports show the year as it was frozen whatever changes afterwards. Unfreezing (the
    director's) keeps the row as history; a school has at most one frozen result per year.
    """

    year = models.PositiveSmallIntegerField(_("academic year"))
    frozen_at = models.DateTimeField(_("frozen"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: frozen by the yearly job on 30 June."),
    )
    data = models.JSONField(_("figures"), default=dict)
    unfrozen_at = models.DateTimeField(_("unfrozen"), null=True, blank=True)
    unfrozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unfrozen by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("monitoring result")
        verbose_name_plural = _("monitoring results")
        ordering = ["-year", "-frozen_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year"], condition=Q(unfrozen_at__isnull=True), name="one_frozen_result_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.year + 1}"

    @property
    def is_frozen(self) -> bool:
        return self.unfrozen_at is None

    @property
    def frozen_on(self) -> datetime.date:
        """The day of freezing in the school's time zone (what the reports print)."""
        return timezone.localtime(self.frozen_at, zoneinfo.ZoneInfo(self.school.time_zone)).date()


class SubmissionState(models.TextChoices):
    SENT = "sent", pgettext_lazy("roadmap", "awaiting approval")
    APPROVED = "approved", pgettext_lazy("roadmap", "approved")
    RETURNED = "returned", pgettext_lazy("roadmap", "returned for correction")


class RoadmapSubmission(SchoolOwned):
    """One sending of the school's roadmap of an academic year to the municipality, and its review
    (seed 004 §III.6: the education department approves the schools' roadmaps).

    ``events`` keeps the events as they were sent, so what the coordinator approved does not change
    when the school edits its roadmap afterwards. Each sending is a row of its own: the rows of a
    school and a year are the history, the newest one is the current state
    (rules in ``monitoring.roadmap_approval``).
    """

    municipality_path = "school__municipality"

    year = models.PositiveSmallIntegerField(_("academic year"))
    state = models.CharField(_("state"), max_length=16, choices=SubmissionState.choices, default=SubmissionState.SENT)
    events = models.JSONField(_("events as sent"), default=list)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    comment = models.TextField(_("the coordinator's comment"), blank=True)

    objects = models.Manager.from_queryset(SchoolAndMunicipalityScopedQuerySet)()

    class Meta:
        verbose_name = _("roadmap sent for approval")
        verbose_name_plural = _("roadmaps sent for approval")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year"], condition=Q(state="sent"), name="one_roadmap_awaiting_approval"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.year}/{self.year + 1}"

    @property
    def municipality(self):
        return self.school.municipality

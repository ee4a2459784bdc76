"""A mentor contest («Лучший наставник года», seed 000 §5.2): the council nominates, the curator
chooses the winners, the winners are rewarded by an order and shown in the public section."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolOwned, SchoolScopedQuerySet

DEFAULT_NAME = "Лучший наставник года"


class ContestStatus(models.TextChoices):
    NOMINATING = "nominating", _("nominations open")
    CLOSED = "closed", _("closed")


class Contest(SchoolOwned):
    name = models.CharField(_("name"), max_length=255, default=DEFAULT_NAME)
    year = models.PositiveSmallIntegerField(_("academic year"))
    status = models.CharField(
        _("status"), max_length=16, choices=ContestStatus.choices, default=ContestStatus.NOMINATING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    award_order = models.ForeignKey(
        "documents.Document",
        verbose_name=_("award order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mentor contest")
        verbose_name_plural = _("mentor contests")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return f"«{self.name}» {self.year}/{str(self.year + 1)[-2:]}"

    @property
    def is_open(self) -> bool:
        return self.status == ContestStatus.NOMINATING


class Nomination(models.Model):
    school_path = "contest__school"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="nominations")
    mentor = models.ForeignKey(
        "people.Person", verbose_name=_("mentor"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    statement = models.TextField(_("why this mentor"), blank=True)
    is_winner = models.BooleanField(_("winner"), default=False)
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    created_at = models.DateTimeField(_("nominated"), auto_now_add=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = [models.F("place").asc(nulls_last=True), "mentor__last_name", "mentor__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "mentor"], name="one_nomination_per_mentor")]

    def __str__(self) -> str:
        return f"{self.mentor} — {self.contest}"

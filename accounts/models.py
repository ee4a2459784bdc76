from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import MUNICIPAL_ROLES, REGIONAL_ROLES, Role
from accounts.timezones import RUSSIAN_TIME_ZONES

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$",
    _("Use lowercase Latin letters, digits and hyphens, starting with a letter or digit."),
)


class Region(models.Model):
    """A subject of the Federation: the regional level of seed 004 §III, above its municipalities."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("public address"), max_length=64, unique=True, validators=[slug_validator])

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(_("public address"), max_length=64, unique=True, validators=[slug_validator])
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    """An educational organization: the tenant every piece of school data belongs to."""

    full_name = models.CharField(_("full official name"), max_length=500)
    short_name = models.CharField(_("short official name"), max_length=255, blank=True)
    slug = models.SlugField(
        _("public address"),
        max_length=64,
        unique=True,
        validators=[slug_validator],
        help_text=_("Used in the public section's address: /s/<address>/"),
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="schools",
        null=True,
        blank=True,
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    inn = models.CharField(_("INN"), max_length=12, blank=True, help_text=_("Taxpayer number, 10 digits"))
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True, help_text=_("State registration number, 13 digits"))
    website = models.URLField(_("official website"), blank=True)
    director_name = models.CharField(_("director's full name"), max_length=255, blank=True)
    director_position = models.CharField(_("director's position"), max_length=255, default=_("Director"))
    time_zone = models.CharField(_("time zone"), max_length=64, choices=RUSSIAN_TIME_ZONES, default="Europe/Moscow")
    logo = models.ImageField(_("logo"), upload_to="schools/logos/", blank=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["short_name", "full_name"]

    def __str__(self) -> str:
        return self.short_name or self.full_name


class User(AbstractUser):
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part) or self.username

    def get_short_name(self) -> str:
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}".strip() if self.last_name else self.username


class MembershipQuerySet(models.QuerySet):
    def for_school(self, school):
        return self.filter(school=school)


class Membership(models.Model):
    """A user's role in one school, a municipal officer's in one municipality, or a regional
    coordinator's in one region: exactly one of the three, as the role says."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(role__in=MUNICIPAL_ROLES, school__isnull=True, municipality__isnull=False, region__isnull=True)
                    | Q(role__in=REGIONAL_ROLES, school__isnull=True, municipality__isnull=True, region__isnull=False)
                    | (
                        ~Q(role__in=MUNICIPAL_ROLES | REGIONAL_ROLES)
                        & Q(school__isnull=False, municipality__isnull=True, region__isnull=True)
                    )
                ),
            ),
            models.UniqueConstraint(fields=["user", "school", "role"], name="unique_school_role"),
            models.UniqueConstraint(fields=["user", "municipality", "role"], name="unique_municipal_role"),
            models.UniqueConstraint(fields=["user", "region", "role"], name="unique_regional_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.school or self.municipality or self.region})"

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolOwned, SchoolScopedQuerySet


class Sex(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")


class PersonKind(models.TextChoices):
    STAFF = "staff", _("teaching staff")
    PUPIL = "pupil", _("pupil")
    PRACTICUM_STUDENT = "practicum", _("practicum student")
    EXTERNAL = "external", _("external")


class QualificationCategory(models.TextChoices):
    NONE = "none", _("none")
    CONFORMITY = "conformity", _("conformity with the position held")
    FIRST = "first", _("first")
    HIGHEST = "highest", _("highest")
    METHODIST = "methodist", _("teacher-methodist")
    MENTOR = "mentor", _("teacher-mentor")


class PartnerOrganization(SchoolOwned):
    """An enterprise, university, college or another school whose people mentor here."""

    name = models.CharField(_("name"), max_length=500)

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="unique_partner_per_school")]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(SchoolScopedQuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=on))

    def archived(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(left_on__lte=on)

    def staff(self):
        return self.filter(kind=PersonKind.STAFF)


class Person(SchoolOwned):
    """A participant of the school's mentoring system: staff, pupil, student or outsider.

    People with history are never deleted: leaving the school sets ``left_on``.
    """

    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=PersonKind.choices, default=PersonKind.STAFF)
    position = models.CharField(_("position"), max_length=255, blank=True)
    subjects = models.CharField(_("subjects"), max_length=500, blank=True, help_text=_("Comma-separated"))
    school_class = models.CharField(_("class"), max_length=16, blank=True)
    employee_number = models.CharField(_("employee number"), max_length=32, blank=True)
    teaching_started_on = models.DateField(_("pedagogical work began"), null=True, blank=True)
    hired_on = models.DateField(_("hired at this school"), null=True, blank=True)
    left_on = models.DateField(_("left the school"), null=True, blank=True)
    qualification_category = models.CharField(
        _("qualification category"),
        max_length=16,
        choices=QualificationCategory.choices,
        default=QualificationCategory.NONE,
    )
    partner_organization = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("partner organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "employee_number"],
                condition=~Q(employee_number=""),
                name="unique_employee_number_per_school",
            ),
        ]
        indexes = [models.Index(fields=["school", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}"

    def is_archived(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.left_on is not None and self.left_on <= on

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolOwned, SchoolScopedQuerySet
from people import experience
from people.nomenclature import is_pedagogical_position
from people.storage import private_storage

ADULT_AGE = 18  # a guardian's consent is needed below it


class Sex(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")


class PersonKind(models.TextChoices):
    STAFF = "staff", _("employee")  # «работник»; a pedagogical worker or not, see Person.is_pedagogical
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


class MenteeCategory(models.TextChoices):
    """Who needs a mentor (seed 000 §2.7). Young specialist, new at school and practicum
    student are computed from dates and kind; the others are chosen by the curator."""

    YOUNG_SPECIALIST = "young_specialist", _("young specialist (under 3 years of experience)")
    AFTER_BREAK = "after_break", _("back after a long break")
    NEW_AT_SCHOOL = "new_at_school", _("new at this school")
    GROWTH = "growth", _("wants to grow in a direction")
    DIGITAL = "digital", _("wants digital and IT skills")
    BURNOUT = "burnout", _("professional burnout")
    DIFFICULTIES = "difficulties", _("professional difficulties")
    PRACTICUM_STUDENT = "practicum", _("practicum student")


COMPUTED_CATEGORIES = frozenset(
    {MenteeCategory.YOUNG_SPECIALIST, MenteeCategory.NEW_AT_SCHOOL, MenteeCategory.PRACTICUM_STUDENT}
)
CHOSEN_CATEGORIES = [c for c in MenteeCategory if c not in COMPUTED_CATEGORIES]


class GrowthDirection(models.TextChoices):
    SUBJECT = "subject", _("subject teaching")
    UPBRINGING = "upbringing", _("upbringing work")
    EXTRACURRICULAR = "extracurricular", _("extracurricular activities")
    ADDITIONAL_EDUCATION = "additional", _("additional education")
    PARENTS = "parents", _("work with parents")
    OTHER = "other", _("other")


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

    def mentors(self):
        return self.filter(mentor_profile__isnull=False)

    def mentees(self):
        return self.filter(mentee_profile__isnull=False)

    def with_category(self, category: str, on: datetime.date | None = None):
        """People in a mentee category, computed ones by their dates, chosen ones by the mark."""
        return self.filter(_category_condition(category, on or timezone.localdate()))

    def needing_a_mentor(self, on: datetime.date | None = None):
        """Current staff and students in any mentee category («нуждающиеся в наставничестве»)."""
        on = on or timezone.localdate()
        # One condition ORed over the categories: no query of its own, whatever the page adds to it.
        anyone = Q()
        for category in MenteeCategory.values:
            anyone |= _category_condition(category, on)
        return self.current(on).filter(anyone)


def _category_condition(category: str, on: datetime.date) -> Q:
    if category == MenteeCategory.YOUNG_SPECIALIST:
        return Q(kind=PersonKind.STAFF, teaching_started_on__gt=experience.young_specialist_cutoff(on))
    if category == MenteeCategory.NEW_AT_SCHOOL:
        since = on - datetime.timedelta(days=experience.NEW_AT_SCHOOL_DAYS - 1)
        return Q(kind=PersonKind.STAFF, hired_on__gte=since, hired_on__lte=on)
    if category == MenteeCategory.PRACTICUM_STUDENT:
        return Q(kind=PersonKind.PRACTICUM_STUDENT)
    # A subquery, not a join: ORed with the others it cannot repeat a person.
    return Q(pk__in=CategoryMark.objects.filter(category=category).values("person_id"))


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
    # Set from the position by the nomenclature of pedagogical positions (Government Decree of
    # 21.02.2022 No. 225) when the position is entered or imported; the card may override it.
    is_pedagogical = models.BooleanField(
        _("pedagogical worker"),
        default=False,
        help_text=_("Holds a pedagogical position of the nomenclature (teachers, not heads or other staff)"),
    )
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
    address = models.CharField(
        _("registered address"), max_length=500, blank=True, help_text=_("Printed in the personal data consent")
    )
    identity_document = models.CharField(
        _("identity document"),
        max_length=500,
        blank=True,
        help_text=_("Type, series and number, date of issue and issuing body, as in the personal data consent"),
    )
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

    @property
    def pedagogical_by_position(self) -> bool:
        """What the nomenclature says of this person's position (the flag may be overridden)."""
        return self.kind == PersonKind.STAFF and is_pedagogical_position(self.position)

    def clean(self):
        super().clean()
        if self.is_pedagogical and self.kind != PersonKind.STAFF:
            raise ValidationError(
                {"is_pedagogical": _("Only an employee can be a pedagogical worker: choose the kind «employee».")}
            )

    def experience_years(self, on: datetime.date | None = None) -> int | None:
        if self.teaching_started_on is None:
            return None
        return experience.full_years_between(self.teaching_started_on, on or timezone.localdate())

    def computed_categories(self, on: datetime.date | None = None) -> set[str]:
        on = on or timezone.localdate()
        found = set()
        if self.kind == PersonKind.STAFF and experience.is_young_specialist(self.teaching_started_on, on):
            found.add(MenteeCategory.YOUNG_SPECIALIST)
        if self.kind == PersonKind.STAFF and experience.is_new_at_school(self.hired_on, on):
            found.add(MenteeCategory.NEW_AT_SCHOOL)
        if self.kind == PersonKind.PRACTICUM_STUDENT:
            found.add(MenteeCategory.PRACTICUM_STUDENT)
        return found

    def categories(self, on: datetime.date | None = None) -> list[MenteeCategory]:
        chosen = {mark.category for mark in self.category_marks.all()}
        found = self.computed_categories(on) | chosen
        return [c for c in MenteeCategory if c in found]

    def is_minor(self, on: datetime.date | None = None) -> bool:
        """Under 18 full years, or a pupil of unknown birth date; ``minor_condition`` in SQL."""
        if self.birth_date is None:
            return self.kind == PersonKind.PUPIL
        return experience.full_years_between(self.birth_date, on or timezone.localdate()) < ADULT_AGE


def minor_condition(on: datetime.date) -> Q:
    """``Person.is_minor(on)`` as a condition on people."""
    return Q(birth_date__gt=experience.years_ago(on, ADULT_AGE)) | Q(birth_date__isnull=True, kind=PersonKind.PUPIL)


class CategoryMark(models.Model):
    """A chosen mentee category (the computed ones are never stored)."""

    school_path = "person__school"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="category_marks")
    category = models.CharField(_("category"), max_length=32, choices=[(c.value, c.label) for c in CHOSEN_CATEGORIES])

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentee category")
        verbose_name_plural = _("mentee categories")
        constraints = [models.UniqueConstraint(fields=["person", "category"], name="unique_category_mark")]

    def __str__(self) -> str:
        return self.get_category_display()


class MentorWillingness(models.TextChoices):
    READY = "ready", _("ready to mentor")
    LATER = "later", _("ready later")
    NOT_READY = "not_ready", _("not ready now")


class MentorProfile(models.Model):
    """A person's entry in the mentor bank."""

    school_path = "person__school"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="mentor_profile")
    competence_areas = models.TextField(_("competence areas"), blank=True)
    max_mentees = models.PositiveSmallIntegerField(
        _("maximum number of mentees"), default=2, validators=[MinValueValidator(1)]
    )
    willingness = models.CharField(
        _("willingness (questionnaire)"),
        max_length=16,
        choices=MentorWillingness.choices,
        default=MentorWillingness.READY,
    )
    questionnaire_notes = models.TextField(_("questionnaire notes"), blank=True)
    created_at = models.DateTimeField(_("in the bank since"), auto_now_add=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")

    def __str__(self) -> str:
        return str(self.person)


class MenteeProfile(models.Model):
    """A person's entry in the mentee bank."""

    school_path = "person__school"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="mentee_profile")
    requests = models.TextField(_("requests"), blank=True, help_text=_("What the mentee asks help with"))
    strengths = models.TextField(_("strengths"), blank=True)
    growth_direction = models.CharField(
        _("direction of growth"), max_length=16, choices=GrowthDirection.choices, blank=True
    )
    created_at = models.DateTimeField(_("in the bank since"), auto_now_add=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentee profile")
        verbose_name_plural = _("mentee profiles")

    def __str__(self) -> str:
        return str(self.person)


class Deficit(models.Model):
    """A professional deficit found by diagnostics, dated; a program later targets it."""

    school_path = "person__school"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="deficits")
    description = models.CharField(_("deficit"), max_length=500)
    diagnosed_on = models.DateField(_("diagnosed on"))
    method = models.CharField(_("diagnostics method"), max_length=255, blank=True)
    resolved_on = models.DateField(_("overcome on"), null=True, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("professional deficit")
        verbose_name_plural = _("professional deficits")
        ordering = ["-diagnosed_on", "pk"]

    def __str__(self) -> str:
        return self.description


class MentorTraining(models.Model):
    """Повышение квалификации наставника."""

    school_path = "person__school"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("course"), max_length=500)
    provider = models.CharField(_("provider"), max_length=255, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"))

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor training")
        verbose_name_plural = _("mentor trainings")
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return self.title


class AwardKind(models.TextChoices):
    FOR_MENTORING = "for_mentoring", _("badge «For mentoring»")
    HONORARY_MENTOR = "honorary_mentor", _("«Honorary mentor»")
    YOUTH_PROFESSIONALISM = "youth_professionalism", _("«Youth and professionalism»")
    CERTIFICATE = "certificate", _("certificate of honour")
    HONOR_BOARD = "honor_board", _("board of honour")
    OTHER = "other", _("other")


class Award(models.Model):
    """Non-material incentives (seeds 000 §V, 003 §III, 004 §IX)."""

    school_path = "person__school"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="awards")
    kind = models.CharField(_("award"), max_length=32, choices=AwardKind.choices)
    title = models.CharField(_("wording"), max_length=500, blank=True)
    awarded_on = models.DateField(_("awarded on"))

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-awarded_on"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class ConsentKind(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("personal data processing (152-FZ)")
    MENTOR_PARTICIPATION = "mentor", _("participation as a mentor")
    MENTEE_PARTICIPATION = "mentee", _("participation as a mentee")
    GUARDIAN = "guardian", _("legal guardian's consent for a minor")
    PUBLICATION = "publication", _("publication on the school site")
    # Seed 004 §III.6: the municipality keeps one base of mentors and mentees and forms pairs
    # across schools; a person is in it only with this consent (152-FZ art. 9).
    MUNICIPAL_SHARING = "municipal", _("sharing data with the municipality for mentoring")


SCAN_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
SCAN_MAX_BYTES = 10 * 1024 * 1024


def validate_scan_size(file) -> None:
    if file.size > SCAN_MAX_BYTES:
        raise ValidationError(
            _("The scan is too large: %(size)s MB; at most %(limit)s MB."),
            params={"size": round(file.size / 1024 / 1024, 1), "limit": SCAN_MAX_BYTES // 1024 // 1024},
        )


SCAN_SIGNATURES = (b"%PDF", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def validate_scan_content(file) -> None:
    """The extension can lie; the first bytes of a PDF, PNG or JPEG cannot."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    if not any(head.startswith(signature) for signature in SCAN_SIGNATURES):
        raise ValidationError(_("The file is not a PDF, JPG or PNG image."))


def consent_scan_path(consent, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    return f"consents/{consent.person.school_id}/{consent.person_id}/{consent.kind}-{stamp}.{extension}"


class ConsentQuerySet(SchoolScopedQuerySet):
    def active(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return (
            self.filter(given_on__lte=on)
            .filter(models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on))
            .filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on))
        )


class Consent(models.Model):
    """A written consent with its dates; withdrawal takes effect on its date."""

    school_path = "person__school"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent"), max_length=16, choices=ConsentKind.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("The last day of the term the consent states")
    )
    guardian_name = models.CharField(_("legal guardian's full name"), max_length=255, blank=True)
    scan = models.FileField(
        _("scan"),
        storage=private_storage,
        upload_to=consent_scan_path,
        blank=True,
        validators=[FileExtensionValidator(SCAN_EXTENSIONS), validate_scan_size, validate_scan_content],
        help_text=_("PDF, JPG or PNG, up to 10 MB"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["kind", "-given_on"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self):
        if self.kind == ConsentKind.GUARDIAN and not self.guardian_name.strip():
            raise ValidationError({"guardian_name": _("A guardian's consent needs the guardian's full name.")})
        if self.valid_until and self.given_on and self.valid_until < self.given_on:
            raise ValidationError({"valid_until": _("A consent cannot end before it was given.")})
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn before it was given.")})

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.given_on <= on
            and (self.withdrawn_on is None or self.withdrawn_on > on)
            and (self.valid_until is None or self.valid_until >= on)
        )


class BankConfirmation(SchoolOwned):
    """«Банк актуализирован на учебный год N»: who confirmed it and when."""

    academic_year = models.PositiveSmallIntegerField(_("academic year (its first calendar year)"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        verbose_name = _("bank confirmation")
        verbose_name_plural = _("bank confirmations")
        constraints = [models.UniqueConstraint(fields=["school", "academic_year"], name="unique_bank_confirmation")]

    def __str__(self) -> str:
        return f"{self.academic_year}/{self.academic_year + 1}"


class ImportJob(SchoolOwned):
    """A spreadsheet import run by a Celery task: its preview (a dry run), then the import itself.

    The upload waits in private storage (``file_name``) from the preview until the import has
    run; a confirmed preview hands its file over to the import job it starts.
    """

    class Kind(models.TextChoices):
        PEOPLE = "people", _("people")
        PAIRS = "pairs", _("pairs and groups")

    class Stage(models.TextChoices):
        PREVIEW = "preview", _("preview")
        IMPORT = "import", _("import")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    file_name = models.CharField(max_length=255, blank=True)  # in private storage; "" once deleted or handed over
    original_name = models.CharField(_("file"), max_length=255)
    language = models.CharField(max_length=16, blank=True)  # the requester's, for the report's messages
    total_rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_stage_display()} «{self.original_name}»"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

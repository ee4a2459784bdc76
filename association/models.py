"""The municipal methodical association of mentors (seed 004 §III.7, seed 001 §4.2, seed 003 §6.4).

Its members (users of the municipality's schools, holding Role.MUNICIPAL_METHODIST there while
they are members), its meetings with minutes, its recommendations to schools on pairs and
programs, and the expert review of a school's Положение or program. Every row belongs to one
municipality and is read only through ``.for_municipality(request.municipality)``; the rows
addressed to a school (recommendations, reviews) are also the school's data (``for_school``).
Rules: ``association.rules``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import MunicipalityScopedQuerySet, SchoolAndMunicipalityScopedQuerySet, SchoolOwned
from people.storage import private_storage


def minutes_path(meeting, filename: str) -> str:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    return f"association/{meeting.municipality_id}/minutes-{meeting.year}-{meeting.number}-{stamp}.pdf"


class MunicipalQuerySet(MunicipalityScopedQuerySet):
    pass


SchoolAndMunicipalQuerySet = SchoolAndMunicipalityScopedQuerySet


class MemberQuerySet(MunicipalQuerySet):
    def current(self):
        return self.filter(left_at__isnull=True)


class Member(models.Model):
    municipality_path = "municipality"

    municipality = models.ForeignKey(
        "accounts.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="association_seats"
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    # A member who leaves stays in the minutes of the meetings they attended.
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("association member")
        verbose_name_plural = _("association members")
        ordering = ["-is_chair", "user__last_name", "user__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["municipality", "user"], name="unique_association_member")]

    def __str__(self) -> str:
        return self.user.get_full_name()


class Meeting(models.Model):
    """A meeting of the association and its minutes («протокол»: слушали, выступили, решили),
    numbered from 1 in each academic year."""

    municipality_path = "municipality"

    municipality = models.ForeignKey(
        "accounts.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("academic year"))
    number = models.PositiveSmallIntegerField(_("minutes No."))
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=500)
    agenda = models.TextField(_("agenda"))
    attendees = models.ManyToManyField(Member, verbose_name=_("present"), blank=True, related_name="meetings")
    heard = models.TextField(_("heard"), blank=True)
    spoke = models.TextField(_("spoke"), blank=True)
    decided = models.TextField(_("decided"))
    minutes_file = models.FileField(
        _("signed minutes (PDF)"), storage=private_storage, upload_to=minutes_path, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = _("association meeting")
        verbose_name_plural = _("association meetings")
        ordering = ["-held_on", "-number", "-pk"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year", "number"], name="unique_minutes_number")]

    def __str__(self) -> str:
        return f"№ {self.number} — {self.topic}"


class Recommendation(SchoolOwned):
    """The association's recommendation to a school, on one of its pairs or programs or in general."""

    municipality_path = "municipality"

    municipality = models.ForeignKey(
        "accounts.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    mentorship = models.ForeignKey(
        "mentoring.Mentorship",
        verbose_name=_("pair or group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    text = models.TextField(_("recommendation"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = SchoolAndMunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = _("association recommendation")
        verbose_name_plural = _("association recommendations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Subject(models.TextChoices):
    REGULATION = "regulation", _("the regulation on mentoring (Положение)")
    PROGRAM = "program", _("a personalized program")


class ReviewState(models.TextChoices):
    REQUESTED = "requested", _("requested")
    TAKEN = "taken", _("being reviewed")
    WRITTEN = "written", _("conclusion written")


class Verdict(models.TextChoices):
    RECOMMENDED = "recommended", _("recommended")
    WITH_REMARKS = "with_remarks", _("recommended with remarks")
    NEEDS_WORK = "needs_work", _("needs revision")


class ExpertReview(SchoolOwned):
    """A school asks the association to review its Положение or one of its programs; a member
    takes the request and writes a conclusion the school reads."""

    municipality_path = "municipality"

    municipality = models.ForeignKey(
        "accounts.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(_("what is reviewed"), max_length=16, choices=Subject.choices)
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_reviews",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("signed order approving the regulation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the regulation's current text is reviewed."),
    )
    request_note = models.TextField(_("what to pay attention to"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"))
    state = models.CharField(_("state"), max_length=16, choices=ReviewState.choices, default=ReviewState.REQUESTED)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    written_at = models.DateTimeField(_("written"), null=True, blank=True)
    read_at = models.DateTimeField(_("read by the school"), null=True, blank=True)

    objects = SchoolAndMunicipalQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        if self.subject == Subject.PROGRAM and self.program_id:
            return _("Expert review of the program «%(title)s»") % {"title": self.program.title}
        return str(_("Expert review of the regulation on mentoring"))

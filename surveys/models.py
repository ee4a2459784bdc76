"""Questionnaires before entering and after finishing a mentorship, and their answers.

A school builds a ``Survey`` (often a copy of a ready template, ``surveys/catalog.py``),
sends it to a mentorship's participants as personal ``Invitation`` links and collects one
``Response`` per link. The rules live in ``builder.py``, ``sending.py`` and
``answering.py``; the reads for pages and indicators in ``selectors.py``.

Anonymity: the curator sees who has answered an anonymous survey, never what. So its response
keeps no invitation, pair, role or time, only the survey's period (the academic year the link
was sent in); its invitation keeps only that it was answered; responses and answers take random
ids, so no id and no order by id follows the order of arrival; and its results are shown only
from ``ANONYMITY_THRESHOLD`` responses up (``selectors.py``).
"""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolOwned, SchoolScopedQuerySet
from mentoring.models import Participant


class SurveyStage(models.TextChoices):
    ENTRY = "entry", _("at entry")
    EXIT = "exit", _("at exit")


class Audience(models.TextChoices):
    MENTOR = "mentor", _("mentors")
    MENTEE = "mentee", _("mentees")
    BOTH = "both", _("mentors and mentees")

    @property
    def roles(self) -> tuple[str, ...]:
        return ("mentor", "mentee") if self is Audience.BOTH else (self.value,)


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("scale from 1 to 5")
    SINGLE = "single", _("one option")
    MULTIPLE = "multiple", _("several options")
    TEXT = "text", _("free text")


class Competence(models.TextChoices):
    """Competences a mentee rates at entry and again at exit, for the before/after comparison."""

    PLANNING = "planning", _("lesson planning")
    DISCIPLINE = "discipline", _("classroom discipline")
    PARENTS = "parents", _("work with parents")
    DIGITAL = "digital", _("digital tools")
    ASSESSMENT = "assessment", _("assessment")


# Results of an anonymous survey (and any figure made of anonymous answers) appear from this many
# responses: with fewer, the people shown as having answered could be matched with the answers.
ANONYMITY_THRESHOLD = 3

LIKERT_CHOICES = [
    (1, _("1 — not at all")),
    (2, _("2 — rather not")),
    (3, _("3 — partly")),
    (4, _("4 — rather yes")),
    (5, _("5 — fully")),
]


def academic_year_of(day: datetime.date) -> int:
    """The academic year a day belongs to, named by its 1 September: 31.08.2027 → 2026."""
    return day.year if day.month >= 9 else day.year - 1


def random_id() -> int:
    """A random 15-digit id: unrelated to the order rows are written in, and exact in a spreadsheet."""
    return 10**14 + secrets.randbelow(9 * 10**14)


class Survey(SchoolOwned):
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown to the respondent above the questions.")
    )
    stage = models.CharField(_("when"), max_length=8, choices=SurveyStage.choices, default=SurveyStage.ENTRY)
    audience = models.CharField(_("for whom"), max_length=8, choices=Audience.choices, default=Audience.MENTEE)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "Answers are stored without the person, the pair, the role and the date: only the academic year remains. "
            "Results appear from three answers. A survey for mentors and mentees together has no breakdown by role "
            "when anonymous and does not count in the satisfaction indicators."
        ),
    )
    is_template = models.BooleanField(_("copy of a ready template"), default=False)
    template_key = models.CharField(_("ready template"), max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["stage", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def roles(self) -> tuple[str, ...]:
        return Audience(self.audience).roles


class Question(models.Model):
    school_path = "survey__school"

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("question"))
    kind = models.CharField(
        _("kind of answer"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.LIKERT
    )
    choices = models.JSONField(_("options"), default=list, blank=True)
    competence = models.CharField(
        _("competence"),
        max_length=32,
        choices=Competence.choices,
        blank=True,
        help_text=_("For a self-assessment on the scale: compared between the entry and exit surveys."),
    )
    is_overall_satisfaction = models.BooleanField(
        _("overall satisfaction"),
        default=False,
        help_text=_("The question the satisfaction indicators count (a scale; one per survey)."),
    )

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey"], condition=Q(is_overall_satisfaction=True), name="one_overall_satisfaction_question"
            ),
            models.CheckConstraint(
                condition=Q(is_overall_satisfaction=False) | Q(kind="likert"),
                name="overall_satisfaction_is_a_scale",
                violation_error_message=_(
                    "Only a question on the scale from 1 to 5 can be the overall satisfaction question."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:80]}"

    @property
    def is_required(self) -> bool:
        return self.kind != QuestionKind.TEXT


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """A participant's personal link to a survey for one mentorship."""

    school_path = "survey__school"

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations")
    mentorship = models.ForeignKey(
        "mentoring.Mentorship", verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="survey_invitations"
    )
    role = models.CharField(_("role"), max_length=8, choices=Participant.Role.choices)
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered = models.BooleanField(_("answered"), default=False)
    # Only for a named survey: the time of an anonymous answer would pair the person with it.
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["mentorship_id", "-role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "mentorship", "person"], name="one_invitation_per_participant")
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.person}"

    def save(self, *args, **kwargs):
        if self.answered_at is not None:
            self.answered = True
            if self.survey.anonymous:
                self.answered_at = None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "answered", "answered_at"}
        super().save(*args, **kwargs)


class Response(models.Model):
    """One submitted questionnaire. An anonymous one keeps only its survey and academic year."""

    school_path = "survey__school"

    id = models.BigIntegerField("ID", primary_key=True, default=random_id, editable=False)
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    mentorship = models.ForeignKey(
        "mentoring.Mentorship", verbose_name=_("mentorship"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Blank for an anonymous survey: a single-role survey's audience says the role.
    respondent_role = models.CharField(_("role"), max_length=8, choices=Participant.Role.choices, blank=True)
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["academic_year", "respondent_role"])]

    def __str__(self) -> str:
        role = self.get_respondent_role_display()
        return f"{self.survey} ({role}, {self.academic_year})" if role else f"{self.survey} ({self.academic_year})"

    def save(self, *args, **kwargs):
        if self.survey.anonymous:
            self.invitation = self.mentorship = self.submitted_at = None
            self.respondent_role = ""
        super().save(*args, **kwargs)

    @property
    def role(self) -> str:
        """The respondent's role: stored for a named survey, the audience's for an anonymous one (or "")."""
        if self.respondent_role:
            return self.respondent_role
        roles = self.survey.roles
        return roles[0] if len(roles) == 1 else ""


class Answer(models.Model):
    school_path = "response__survey__school"

    id = models.BigIntegerField("ID", primary_key=True, default=random_id, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    likert = models.PositiveSmallIntegerField(
        _("value"),
        null=True,
        blank=True,
        choices=LIKERT_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    choices = models.JSONField(_("options chosen"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=Q(likert__isnull=True) | Q(likert__gte=1, likert__lte=5), name="likert_from_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return str(self.question)

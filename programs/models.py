"""Personalized mentoring programs: the plan, the log of what happened, versions, completion.

Rules (statuses, progress, versioning, completion) live in ``programs/rules.py``;
the models hold data and small reads.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolScopedQuerySet
from people.storage import private_storage


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("drafted by the mentor")
    AGREED = "agreed", _("agreed by the mentee")
    APPROVED = "approved", _("approved by the curator")
    COMPLETED = "completed", _("completed")


class StageKind(models.TextChoices):
    PREPARATION = "preparation", _("preparatory")
    DESIGN = "design", _("design")
    IMPLEMENTATION = "implementation", _("implementation")
    REFLECTION = "reflection", _("reflective and analytical")
    RESULTS = "results", _("results")


class CompletionReason(models.TextChoices):
    PLAN_DONE = "plan_done", _("the plan is fully done")
    MENTOR_INITIATIVE = "mentor", _("the mentor's initiative for valid reasons")
    MENTEE_INITIATIVE = "mentee", _("the mentee's initiative for valid reasons")
    BOTH = "both", _("the initiative of both for valid reasons")
    FORCE_MAJEURE = "force_majeure", _("the curator's initiative: force majeure")
    IMPROPER_FULFILMENT = "improper", _("the curator's initiative: improper fulfilment")


class Program(models.Model):
    """«Персонализированная программа наставничества» of one mentorship."""

    school_path = "mentorship__school"

    mentorship = models.OneToOneField(
        "mentoring.Mentorship", verbose_name=_("mentorship"), on_delete=models.CASCADE, related_name="program"
    )
    title = models.CharField(_("title"), max_length=500)
    goal = models.TextField(_("goal"))
    tasks = models.TextField(_("tasks"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    directions = models.CharField(_("directions"), max_length=500, blank=True)
    deficits = models.ManyToManyField(
        "people.Deficit", verbose_name=_("deficits addressed"), blank=True, related_name="programs"
    )
    strengths_supported = models.TextField(_("strengths supported"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    term_override_reason = models.TextField(_("why the term exceeds 12 months"), blank=True)
    pending_correction = models.JSONField(_("correction awaiting agreement"), default=dict, blank=True)
    completion_reason = models.CharField(_("completion"), max_length=16, choices=CompletionReason.choices, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    mentor_report_results = models.TextField(_("results against the expected"), blank=True)
    mentor_report_worked = models.TextField(_("what worked"), blank=True)
    mentor_report_recommendations = models.TextField(_("recommendations"), blank=True)
    mentee_self_assessment = models.TextField(_("the mentee's self-assessment"), blank=True)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("personalized program")
        verbose_name_plural = _("personalized programs")
        ordering = ["-start", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        """After approval, changes go through a correction agreed by both sides."""
        return self.status in (ProgramStatus.APPROVED, ProgramStatus.COMPLETED)

    @property
    def is_frozen(self) -> bool:
        """Completed, or its mentorship has ended (completed, terminated, not formed): read-only.

        A curator may terminate a pair while its program is still approved: that freezes it too.
        """
        from mentoring.models import ENDED

        return self.status == ProgramStatus.COMPLETED or self.mentorship.status in ENDED


class Stage(models.Model):
    school_path = "program__mentorship__school"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("stage"), max_length=16, choices=StageKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["start", "pk"]
        constraints = [models.UniqueConstraint(fields=["program", "kind"], name="unique_stage_per_program")]

    def __str__(self) -> str:
        return self.get_kind_display()


class PlanItemKind(models.TextChoices):
    CONSULTATION = "consultation", _("consultation")
    VISIT_MENTOR_LESSON = "visit_mentor", _("visit to the mentor's lesson")
    OBSERVED_LESSON = "observed", _("the mentee's lesson observed and discussed")
    JOINT_PROJECT = "project", _("joint project")
    COURSE = "course", _("course")
    SEMINAR = "seminar", _("seminar or webinar")
    COMPETITION = "competition", _("competition")
    SELF_STUDY = "self_study", _("self-study")
    METHODICAL_PRODUCT = "product", _("methodical product")
    OTHER = "other", _("other")


class PlanItemStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    MOVED = "moved", _("moved")
    CANCELLED = "cancelled", _("cancelled")


def due_by(on: datetime.date, prefix: str = "") -> models.Q:
    """``PlanItem.objects.due_by(on)`` as a condition, on the plan items reached through ``prefix``
    («items__» from a program). Written without a negation, which across a relation would become
    a subquery."""
    return models.Q(
        models.Q(**{f"{prefix}planned_until__isnull": True, f"{prefix}planned_on__lte": on})
        | models.Q(**{f"{prefix}planned_until__lte": on}),
        **{f"{prefix}status__in": [s for s in PlanItemStatus.values if s != PlanItemStatus.CANCELLED]},
    )


class PlanItemQuerySet(SchoolScopedQuerySet):
    def due_by(self, on: datetime.date):
        """Items whose date (or the end of their period) has come, cancelled ones aside."""
        return self.filter(due_by(on))

    def overdue(self, on: datetime.date):
        return self.due_by(on).exclude(status=PlanItemStatus.DONE).filter(program__status=ProgramStatus.APPROVED)


def evidence_path(item, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    return f"evidence/{item.program_id}/{item.pk or 'new'}-{stamp}.{extension}"


class PlanItem(models.Model):
    """An event of the plan, aimed at a deficit or a strength."""

    school_path = "program__mentorship__school"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("event"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=PlanItemKind.choices, default=PlanItemKind.CONSULTATION)
    stage = models.CharField(_("stage"), max_length=16, choices=StageKind.choices, blank=True)
    planned_on = models.DateField(_("date"))
    planned_until = models.DateField(_("until"), null=True, blank=True, help_text=_("For a period"))
    responsible = models.CharField(_("responsible"), max_length=255, blank=True)
    expected_result = models.CharField(_("expected result"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence_notes = models.TextField(_("evidence"), blank=True)
    evidence_link = models.URLField(_("link"), blank=True)
    evidence_file = models.FileField(_("file"), storage=private_storage, upload_to=evidence_path, blank=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def due_date(self) -> datetime.date:
        return self.planned_until or self.planned_on

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.status in (PlanItemStatus.PLANNED, PlanItemStatus.MOVED) and self.due_date < on


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")


class LogEntry(models.Model):
    """A session the mentor records, with the mentee's reflection."""

    school_path = "program__mentorship__school"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="log")
    plan_item = models.ForeignKey(
        PlanItem, verbose_name=_("plan item"), on_delete=models.SET_NULL, null=True, blank=True, related_name="log"
    )
    occurred_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), default=45)
    format = models.CharField(_("format"), max_length=16, choices=EventFormat.choices, default=EventFormat.IN_PERSON)
    what_done = models.TextField(_("what was done"))
    result = models.TextField(_("result"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    reflection = models.TextField(_("the mentee's reflection"), blank=True)
    reflection_at = models.DateTimeField(_("reflected"), null=True, blank=True)
    # When a current mentor of the program first saw the mentee's reflection (their «to read» list).
    reflection_read_at = models.DateTimeField(_("reflection read"), null=True, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.occurred_on:%d.%m.%Y}: {self.what_done[:60]}"


class ProgramVersion(models.Model):
    """A frozen copy of the program as agreed at one moment; corrections add versions."""

    school_path = "program__mentorship__school"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    reason = models.TextField(_("reason for the correction"), blank=True)
    mentor_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    mentee_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(_("agreed"), auto_now_add=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("program version")
        verbose_name_plural = _("program versions")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="unique_program_version")]

    def __str__(self) -> str:
        return _("Version %(number)s") % {"number": self.number}


class ChangeKind(models.TextChoices):
    PROGRAM = "program", _("changed the program")
    ITEM_ADDED = "item_added", _("added an event")
    ITEM_CHANGED = "item_changed", _("changed an event")
    ITEM_REMOVED = "item_removed", _("removed an event")


class ProgramChange(models.Model):
    """One change to a program or its plan, attributed: the mentor and the mentee write the draft together."""

    school_path = "program__mentorship__school"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=16, choices=ChangeKind.choices)
    subject = models.CharField(_("event"), max_length=500, blank=True)
    # ``{field: [old, new]}`` in plain JSON values.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("program change")
        verbose_name_plural = _("program changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject}".strip()


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("comment")
    RETURN = "return", _("return for correction")


class ProgramComment(models.Model):
    """A remark on a program: the council's review, or its return of the program for correction."""

    school_path = "program__mentorship__school"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CommentKind.choices, default=CommentKind.COMMENT)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("program comment")
        verbose_name_plural = _("program comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class BestPractice(models.Model):
    """A completed program worth copying, published with its participants' permission."""

    school_path = "program__mentorship__school"

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="best_practice")
    summary = models.TextField(_("what is worth copying"))
    permission_to_publish = models.BooleanField(_("participants permitted publication"), default=False)
    permission_note = models.CharField(_("how the permission was given"), max_length=500, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(_("marked"), auto_now_add=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")

    def __str__(self) -> str:
        return str(self.program)


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A user's secret iCalendar address; revoking it issues a new one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

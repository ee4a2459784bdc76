"""Pairs and groups: the catalogs they are drawn from, their participants and lifecycle.

The status graph is declared on ``Mentorship`` (django-fsm transitions); the guards
that decide whether a step is allowed, with the reasons in words, live in
``mentoring/lifecycle.py``. Views call the lifecycle functions only.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, FSMModelMixin, transition

from accounts.scoping import MunicipalityScopedQuerySet, SchoolOwned, SchoolScopedQuerySet
from people.models import PersonKind


class MentoringForm(SchoolOwned):
    """«Форма наставничества»: who may mentor whom («педагог – педагог», «ученик – ученик»…)."""

    name = models.CharField(_("name"), max_length=255)
    mentor_kinds = models.JSONField(_("who may be a mentor"), default=list)
    mentee_kinds = models.JSONField(_("who may be a mentee"), default=list)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("order in lists"), default=0)

    class Meta:
        verbose_name = _("form of mentoring")
        verbose_name_plural = _("forms of mentoring")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="unique_form_per_school")]

    def __str__(self) -> str:
        return self.name

    def kinds_label(self, kinds) -> str:
        labels = dict(PersonKind.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in kinds)

    @property
    def mentor_kinds_display(self) -> str:
        return self.kinds_label(self.mentor_kinds)

    @property
    def mentee_kinds_display(self) -> str:
        return self.kinds_label(self.mentee_kinds)


class RoleModel(SchoolOwned):
    """«Ролевая модель» within a form («опытный педагог – молодой специалист»)."""

    form = models.ForeignKey(
        MentoringForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="role_models"
    )
    name = models.CharField(_("name"), max_length=255)
    is_active = models.BooleanField(
        _("offered for new pairs"),
        default=True,
        help_text=_("Off: kept for the pairs that use it, not offered for new ones."),
    )

    class Meta:
        verbose_name = _("role model")
        verbose_name_plural = _("role models")
        ordering = ["form__position", "name"]

    def __str__(self) -> str:
        return self.name


class Mode(SchoolOwned):
    """«Форма организации / вид наставничества» (виртуальное, групповое, реверсивное…)."""

    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("mode of mentoring")
        verbose_name_plural = _("modes of mentoring")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MentoringSettings(SchoolOwned):
    mentor_hard_cap = models.PositiveSmallIntegerField(
        _("hard cap of mentees per mentor"),
        default=5,
        help_text=_("A mentor over their own maximum gets a warning; over this cap, a refusal."),
    )

    class Meta:
        verbose_name = _("mentoring settings")
        verbose_name_plural = _("mentoring settings")
        constraints = [models.UniqueConstraint(fields=["school"], name="unique_mentoring_settings")]

    def __str__(self) -> str:
        return str(self.school)


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved by order")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    TERMINATED = "terminated", _("terminated")
    # Dropped before an order fixed it: the pair never existed (seed 000 §4.2, seed 002 VII.2).
    NOT_FORMED = "not_formed", _("not formed")


# Statuses in which the pair exists for the school (counts towards load, indicators, board):
# an order fixed it. TERMINATED only ever follows an approval; a pair dropped before its order
# is NOT_FORMED and never exists for the indicators.
RUNNING = (Status.APPROVED, Status.ACTIVE, Status.COMPLETED, Status.TERMINATED)
OPEN = (Status.DRAFT, Status.PROPOSED, Status.APPROVED, Status.ACTIVE)
LOADING = (Status.PROPOSED, Status.APPROVED, Status.ACTIVE)
# Not fixed by an order yet: dropped, such a pair ends as NOT_FORMED.
FORMING = (Status.DRAFT, Status.PROPOSED)
# Fixed by an order and not ended: ended early, such a pair is TERMINATED.
FIXED = (Status.APPROVED, Status.ACTIVE)
ENDED = (Status.COMPLETED, Status.TERMINATED, Status.NOT_FORMED)


class TerminationReason(models.TextChoices):
    MUTUAL = "mutual", _("by mutual agreement")
    MENTOR_INITIATIVE = "mentor", _("at the mentor's initiative for valid reasons")
    MENTEE_INITIATIVE = "mentee", _("at the mentee's initiative for valid reasons")
    FORCE_MAJEURE = "force_majeure", _("at the curator's initiative: force majeure")
    IMPROPER_FULFILMENT = "improper", _("at the curator's initiative: improper fulfilment")
    PARTICIPANT_LEFT = "left", _("a participant left the school")
    NOT_FORMED = "not_formed", _("the pair was not formed")


class MentorshipQuerySet(SchoolScopedQuerySet):
    def with_person(self, person):
        return self.filter(participants__person=person).distinct()

    def running_during(self, start: datetime.date, end: datetime.date):
        """Existed for the school and shared at least one day with [start, end]."""
        return self.filter(status__in=RUNNING, planned_start__lte=end).filter(
            Q(actual_end__isnull=True, planned_end__gte=start) | Q(actual_end__gte=start)
        )

    def open(self):
        return self.filter(status__in=OPEN)


class Mentorship(FSMModelMixin, SchoolOwned):
    """A pair (one mentee) or a group (one mentor, two or more mentees)."""

    form = models.ForeignKey(MentoringForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="+")
    role_model = models.ForeignKey(
        RoleModel, verbose_name=_("role model"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    modes = models.ManyToManyField(Mode, verbose_name=_("modes"), blank=True, related_name="+")
    direction = models.CharField(_("direction"), max_length=500, blank=True)
    planned_start = models.DateField(_("start"))
    planned_end = models.DateField(_("end"))
    actual_end = models.DateField(_("actually ended"), null=True, blank=True)
    status = FSMField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=True)
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)
    termination_reason = models.CharField(
        _("reason for termination"), max_length=16, choices=TerminationReason.choices, blank=True
    )
    termination_note = models.TextField(_("termination note"), blank=True)
    # Set when the curator proposes an early end: the pair ends on this day once the director's
    # termination order is signed (Labour Code art. 351.8: «по приказу», three working days' notice).
    termination_on = models.DateField(_("early end proposed for"), null=True, blank=True)
    # Set when mentor and mentee agree to extend the program past the pair's term (seed 000 §6.4):
    # the pair's term becomes this day once the director's extension order is signed.
    extension_to = models.DateField(_("extension agreed until"), null=True, blank=True)
    consent_alert = models.TextField(
        _("consent alert"), blank=True, help_text=_("Set when a participant's consent is withdrawn mid-way")
    )
    imported = models.BooleanField(_("imported"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        ordering = ["-planned_start", "pk"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self) -> str:
        mentors = ", ".join(p.person.short_name for p in self.current_participants(Participant.Role.MENTOR))
        mentees = ", ".join(p.person.short_name for p in self.current_participants(Participant.Role.MENTEE))
        return f"{mentors} → {mentees}" if mentors or mentees else _("Mentorship #%(pk)s") % {"pk": self.pk}

    # --- reads -----------------------------------------------------------------------

    def get_status_display(self) -> str:
        # Django's own rebuilds and hashes the whole (lazy) choices list on every call: a third of
        # a millisecond, once per row of every table of pairs.
        return Status(self.status).label

    def current_participants(self, role=None):
        found = [p for p in self.participants.all() if p.ended_on is None]
        return [p for p in found if role is None or p.role == role]

    @property
    def mentors(self):
        return [p.person for p in self.current_participants(Participant.Role.MENTOR)]

    @property
    def mentees(self):
        return [p.person for p in self.current_participants(Participant.Role.MENTEE)]

    @property
    def is_group(self) -> bool:
        return len(self.current_participants(Participant.Role.MENTEE)) >= 2

    @property
    def end(self) -> datetime.date:
        return self.actual_end or self.planned_end

    def days_left(self, on: datetime.date | None = None) -> int:
        return (self.planned_end - (on or timezone.localdate())).days

    # --- the status graph (guards: mentoring/lifecycle.py) --------------------------

    @transition(field=status, source=Status.DRAFT, target=Status.PROPOSED)
    def propose(self):
        pass

    @transition(field=status, source=Status.PROPOSED, target=Status.DRAFT)
    def return_to_draft(self):
        pass

    @transition(field=status, source=Status.PROPOSED, target=Status.APPROVED)
    def approve(self):
        pass

    @transition(field=status, source=Status.APPROVED, target=Status.ACTIVE)
    def activate(self):
        pass

    @transition(field=status, source=Status.ACTIVE, target=Status.COMPLETED)
    def complete(self):
        pass

    @transition(field=status, source=[Status.APPROVED, Status.ACTIVE], target=Status.TERMINATED)
    def terminate(self):
        """Ended early after the order fixed it (seed 000 §6.3)."""

    @transition(field=status, source=[Status.DRAFT, Status.PROPOSED], target=Status.NOT_FORMED)
    def drop(self):
        """Dropped before an order fixed it: the pair was never formed."""

    @transition(field=status, source=[Status.APPROVED, Status.ACTIVE], target=Status.PROPOSED)
    def revoke_approval(self):
        """The order that fixed the pair did not stand (its paper original was contested)."""

    @transition(field=status, source=Status.COMPLETED, target=Status.ACTIVE)
    def reopen(self):
        """The order that completed the pair did not stand (its paper original was contested)."""

    @transition(field=status, source=Status.TERMINATED, target=RETURN_VALUE(Status.APPROVED, Status.ACTIVE))
    def resume(self, status):
        """The order that ended the pair early did not stand: back to where it was."""
        return status

    @property
    def extension_proposed(self) -> bool:
        """An agreed extension of the term waits for its order."""
        return self.status in FIXED and self.extension_to is not None

    @property
    def termination_proposed(self) -> bool:
        """An early end waits for its order."""
        return self.status in FIXED and self.termination_on is not None


class Participant(models.Model):
    """A person's period in a mentorship; a replaced mentor's period closes, history stays."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("mentor")
        MENTEE = "mentee", _("mentee")

    school_path = "mentorship__school"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    end_reason = models.CharField(_("why the period ended"), max_length=255, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["-role", "started_on", "pk"]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class StatusChange(models.Model):
    """Who moved a mentorship to which status, when, and why."""

    school_path = "mentorship__school"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ReplacementReason(models.TextChoices):
    MENTEE_REQUEST = "mentee_request", _("at the mentee's request")
    MENTOR_REQUEST = "mentor_request", _("at the mentor's request")
    ILLNESS = "illness", _("the mentor's long illness")
    PARENTAL_LEAVE = "parental_leave", _("the mentor's parental leave")
    LONG_LEAVE = "long_leave", _("the mentor's leave of up to a year")
    BUSINESS_TRIP = "business_trip", _("the mentor's long business trip")
    STUDY = "study", _("the mentor's study")
    DISMISSAL = "dismissal", _("the mentor's dismissal or transfer")
    DISCIPLINARY = "disciplinary", _("the mentor's disciplinary liability")
    INCOMPATIBILITY = "incompatibility", _("psychological incompatibility")
    # Seed 004 §III.9.2 «и иным причинам»: the note says which.
    OTHER = "other", _("other reasons")


class Replacement(models.Model):
    """Replacing a mentor (seed 004 §III.9): recorded, then applied when its order is given."""

    class State(models.TextChoices):
        AWAITING_ORDER = "awaiting_order", _("awaiting its order")
        APPLIED = "applied", _("applied")

    school_path = "mentorship__school"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="replacements")
    outgoing = models.ForeignKey(
        Participant, verbose_name=_("outgoing mentor"), on_delete=models.PROTECT, related_name="+"
    )
    incoming = models.ForeignKey(
        "people.Person", verbose_name=_("new mentor"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=32, choices=ReplacementReason.choices)
    note = models.TextField(_("note"), blank=True)
    effective_on = models.DateField(_("from"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.AWAITING_ORDER)
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor replacement")
        verbose_name_plural = _("mentor replacements")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.outgoing.person.short_name} → {self.incoming.short_name}"


class PetitionKind(models.TextChoices):
    """What a participant asks the curator and the director (seed 000 §2.5, §2.8; seed 004 §III.9)."""

    STEP_DOWN = "step_down", _("to relieve me of the mentor's duties")
    ANOTHER_MENTOR = "another_mentor", _("to replace my mentor")
    END_EARLY = "end_early", _("to end the mentoring early")


class PetitionReason(models.TextChoices):
    PERSONAL = "personal", _("personal reasons")
    PROGRAM_FULFILLED = "fulfilled", _("the mentee has successfully carried out the program")
    INCOMPATIBILITY = "incompatibility", _("psychological incompatibility")
    ILLNESS = "illness", _("long illness")
    LEAVE = "leave", _("parental or long leave")
    BUSINESS_TRIP = "business_trip", _("long business trip or study")
    TRANSFER = "transfer", _("dismissal or transfer to another job")
    WORKLOAD = "workload", _("workload")
    OTHER = "other", _("other reasons")


class Petition(models.Model):
    """A participant's written request about their mentorship, answered by the curator: the
    mentor's «мотивированное заявление» to step down, the mentee's «ходатайство о замене
    наставника», either side's request to end early (Labour Code art. 351.8)."""

    class State(models.TextChoices):
        OPEN = "open", _("awaiting an answer")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    school_path = "mentorship__school"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="petitions")
    participant = models.ForeignKey(
        Participant, verbose_name=_("requester"), on_delete=models.PROTECT, related_name="petitions"
    )
    kind = models.CharField(_("request"), max_length=16, choices=PetitionKind.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=PetitionReason.choices)
    comment = models.TextField(_("comment"), blank=True)
    submitted_on = models.DateField(_("submitted on"))
    # Labour Code art. 351.8: a mentor ends the mentoring early on three working days' notice.
    earliest_end = models.DateField(_("not before"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    replacement = models.ForeignKey(
        Replacement, verbose_name=_("replacement"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant's request")
        verbose_name_plural = _("participants' requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(state="open"), name="one_open_petition_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant.person.short_name}: {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def reason_text(self) -> str:
        if self.reason == PetitionReason.OTHER and self.comment:
            return f"{self.get_reason_display()}: {self.comment}"
        return self.get_reason_display()


class CrossSchoolLinkQuerySet(SchoolScopedQuerySet, MunicipalityScopedQuerySet):
    def for_school(self, school):
        """The links either school takes part in: the pair's (host) school or the mentor's."""
        if school is None:
            return self.none()
        return self.filter(Q(mentorship__school=school) | Q(mentor_school=school))

    def waiting(self):
        """Proposed and neither refused nor agreed by both schools yet."""
        return self.filter(refused_at__isnull=True).filter(
            Q(host_agreed_at__isnull=True) | Q(mentor_school_agreed_at__isnull=True)
        )


class CrossSchoolLink(models.Model):
    """A pair or group whose mentor works in another school of the same municipality (issue 18, item 3;
    seed 004 §III.6: pairs «на муниципальном уровне»).

    The pair lives in the mentee's school (``mentorship.school``, the host); its mentor is a person of
    ``mentor_school``'s bank. Both schools' curators (or directors) agree; then the mentor's school's
    director signs the order assigning the extra duty (``mentor_order``) and only after it the
    host's director fixes the pair by the usual order. Rules: ``mentoring/cross_school.py``.
    """

    municipality_path = "municipality"
    # The pair's (host) school; ``for_school`` also finds the links of the mentor's school.
    school_path = "mentorship__school"

    mentorship = models.OneToOneField(Mentorship, on_delete=models.CASCADE, related_name="cross_link")
    mentor_school = models.ForeignKey(
        "accounts.School", verbose_name=_("mentor's school"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        "accounts.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_by_municipality = models.BooleanField(_("proposed by the municipality"), default=False)
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    host_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    host_agreed_at = models.DateTimeField(_("the mentee's school agreed"), null=True, blank=True)
    mentor_school_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mentor_school_agreed_at = models.DateTimeField(_("the mentor's school agreed"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refused_at = models.DateTimeField(_("refused"), null=True, blank=True)
    refusal_reason = models.TextField(_("why it was refused"), blank=True)
    mentor_order = models.ForeignKey(
        "documents.Document",
        verbose_name=_("the mentor's school's order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The mentor's account got the mentor's role in the host school for this pair (and loses it
    # when no fixed pair keeps them there); a role held before is never taken away.
    granted_role = models.BooleanField(default=False)

    objects = CrossSchoolLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("pair with a mentor from another school")
        verbose_name_plural = _("pairs with a mentor from another school")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return str(self.mentorship)

    @property
    def host_school(self):
        return self.mentorship.school

    @property
    def is_refused(self) -> bool:
        return self.refused_at is not None

    @property
    def is_agreed(self) -> bool:
        return not self.is_refused and self.host_agreed_at is not None and self.mentor_school_agreed_at is not None

    @property
    def mentor_order_signed(self) -> bool:
        return self.mentor_order_id is not None and self.mentor_order.status == "signed"

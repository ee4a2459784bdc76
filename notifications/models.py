"""Notifications in the portal (and by e-mail) and each user's choice of e-mails.

A notification's ``key`` names what it reminds of (``upcoming_item:<item>:<user>:<date>``…) and
is unique: delivering the same key twice is a no-op, which makes reminders idempotent however
often the job runs. ``emailed_at`` is claimed by one atomic UPDATE before the e-mail is sent
(see ``notifications/delivery.py``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import SchoolScopedQuerySet


class Kind(models.TextChoices):
    UPCOMING_ITEM = "upcoming_item", _("Upcoming plan events")
    OVERDUE_ITEMS = "overdue_items", _("Overdue plan events")
    ENDING_SOON = "ending_soon", _("Mentorships ending soon")
    CONSENT_MISSING = "consent_missing", _("Missing consents")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Withdrawn consents")
    AWAITING_SIGNATURE = "awaiting_signature", _("Documents awaiting signature")
    BANK_ACTUALIZATION = "bank_actualization", _("Yearly bank actualization")
    MONITORING_DEADLINE = "monitoring_deadline", _("Monitoring deadline (30 June)")
    # Sent when something happens (``notifications/events.py``): the kind is the event's name.
    DOCUMENT_SENT = "document_sent", _("Documents sent for your signature")
    DOCUMENT_RETURNED = "document_returned", _("Documents returned for correction")
    DOCUMENT_SIGNED = "document_signed", _("Signed documents")
    PAPER_REGISTERED = "paper_registered", _("Registered paper originals")
    REGISTRATION_CONTESTED = "registration_contested", _("Contested registrations of paper originals")
    PROGRAM_CHANGE_PROPOSED = "program_change_proposed", _("Proposed changes to a program")
    PROGRAM_RETURNED = "program_returned", _("Programs returned for correction")
    PAIR_PROPOSED = "pair_proposed", _("Proposed pairs and groups")
    PETITION_SUBMITTED = "petition_submitted", _("Participants' requests")
    PETITION_ANSWERED = "petition_answered", _("Answers to requests")
    # The municipality's work (issue 18).
    CROSS_PAIR_PROPOSED = "cross_pair_proposed", _("Pairs with a mentor from another school")
    CROSS_PAIR_AGREED = "cross_pair_agreed", _("Pairs across schools agreed")
    ROADMAP_SUBMITTED = "roadmap_submitted", _("Roadmaps sent for approval")
    ROADMAP_REVIEWED = "roadmap_reviewed", _("Roadmaps approved or returned")
    REVIEW_REQUESTED = "review_requested", _("Requests for an expert review")
    REVIEW_WRITTEN = "review_written", _("Expert conclusions")
    ASSOCIATION_RECOMMENDATION = "association_recommendation", _("Recommendations of the methodical association")
    CERTIFICATE_EXPIRING = "certificate_expiring", _("Signing certificates about to expire")


class NotificationQuerySet(SchoolScopedQuerySet):
    def for_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one user; the portal always shows it, e-mail depends on the preference."""

    school_path = "school"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    school = models.ForeignKey(
        "accounts.School",
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    key = models.CharField(_("idempotency key"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    wants_email = models.BooleanField(_("to be e-mailed"), default=False)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
            models.Index(fields=["user", "read_at"], name="notification_user_read"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


DEFAULT_DAYS_BEFORE = 2
MAX_DAYS_BEFORE = 14


class Preference(models.Model):
    """Which notifications a user also gets by e-mail, and how early plan events are announced.

    Stores the kinds turned *off*, so every kind (a new one too) is e-mailed by default.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_off = models.JSONField(_("kinds not e-mailed"), default=list, blank=True)
    days_before = models.PositiveSmallIntegerField(
        _("days before a plan event"),
        default=DEFAULT_DAYS_BEFORE,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS_BEFORE)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

    def emails(self, kind: str) -> bool:
        return kind not in self.email_off


def preference_for(user) -> Preference:
    """The user's settings, or the defaults (unsaved) when they never changed them."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


class ScheduledRun(models.Model):
    """When a periodic job of ``CELERY_BEAT_SCHEDULE`` last ran under ``manage.py run_scheduler``
    (``make run``), so a restarted scheduler runs what fell due while it was stopped. The
    portal's own bookkeeping: no school's data."""

    name = models.CharField(_("job"), max_length=200, unique=True)
    last_run_at = models.DateTimeField(_("last run"))

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    def __str__(self) -> str:
        return self.name

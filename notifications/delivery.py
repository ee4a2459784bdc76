"""Creating a notification once and e-mailing it at most once.

Guarantees, whatever runs twice (a second beat run, a retried job, two workers at once):

- **The in-portal notification: exactly once per key.** ``Notification.key`` is unique and
  ``deliver`` creates it with ``get_or_create``: the loser of a race, or a rerun, finds the row
  and does nothing.
- **The e-mail: at most once.** It is sent only after the creating transaction commits, and only
  by the one caller whose ``UPDATE … SET emailed_at = now() WHERE emailed_at IS NULL`` changed the
  row. The claim is written *before* the SMTP call, so a worker that dies or an SMTP error after
  the claim loses that e-mail rather than sending it twice on the retry (the portal still shows
  the notification). A worker that dies between the commit and the claim leaves the e-mail
  pending, and the next delivery of the same key sends it.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Notification, preference_for

logger = logging.getLogger(__name__)

TITLE_LENGTH = Notification._meta.get_field("title").max_length


def wants_email(user, kind: str) -> bool:
    return bool(user.email) and preference_for(user).emails(kind)


def deliver(*, key: str, user, kind: str, title: str, body: str = "", url: str = "", school=None):
    """The notification for ``key``, created now; ``None`` when it already existed."""
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            key=key,
            defaults={
                "user": user,
                "school": school,
                "kind": kind,
                "title": title[:TITLE_LENGTH],
                "body": body,
                "url": url,
                "wants_email": wants_email(user, kind),
            },
        )
        if notification.wants_email and notification.emailed_at is None:
            pk = notification.pk
            # robust: an SMTP failure is logged and never undoes the notification (nor a request).
            transaction.on_commit(lambda: send_email(pk), robust=True)
    return notification if created else None


def deliver_all(reminders) -> int:
    """Delivers each reminder; returns how many notifications are new."""
    created = 0
    for reminder in reminders:
        notification = deliver(
            key=reminder.key,
            user=reminder.user,
            school=reminder.school,
            kind=reminder.kind,
            title=reminder.title,
            body=reminder.body,
            url=reminder.url,
        )
        created += notification is not None
    return created


def claim_email(pk: int) -> bool:
    """True for the one caller that may send this notification's e-mail."""
    return bool(
        Notification.objects.filter(pk=pk, wants_email=True, emailed_at__isnull=True).update(emailed_at=timezone.now())
    )


def send_email(pk: int) -> bool:
    if not claim_email(pk):
        return False
    notification = Notification.objects.select_related("user").get(pk=pk)
    try:
        email_for(notification).send()
    except Exception:
        logger.exception("The e-mail of notification %s was claimed but not sent; it will not be retried", pk)
        raise
    return True


def absolute(path: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def email_for(notification: Notification) -> EmailMessage:
    """The e-mail in Russian, from ``templates/notifications/email/``."""
    user = notification.user
    context = {
        "notification": notification,
        "name": " ".join(part for part in (user.first_name, user.patronymic) if part) or user.get_full_name(),
        "link": absolute(reverse("notifications:open", kwargs={"pk": notification.pk})) if notification.url else "",
        "preferences_link": absolute(reverse("notifications:preferences")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("notifications/email/subject.txt", context).split())
        body = render_to_string("notifications/email/body.txt", context)
    return EmailMessage(subject=subject, body=body, to=[user.email])

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from people.signals import consent_withdrawn

        consent_withdrawn.connect(_consent_withdrawn, dispatch_uid="notifications.consent_withdrawn")


def _consent_withdrawn(sender, consent, on, **kwargs):
    """Tell the school's curators at once: announced inside the withdrawing transaction, delivered
    (in Russian, whatever language the person withdrawing it reads the portal in) once it commits,
    one notification per consent and curator (``notifications/events.py``)."""
    from notifications.events import announce

    announce("consent_withdrawn", consent_id=consent.pk)

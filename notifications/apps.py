from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from people.signals import consent_withdrawn

        consent_withdrawn.connect(_consent_withdrawn, dispatch_uid="notifications.consent_withdrawn")


def _consent_withdrawn(sender, consent, on, **kwargs):
    """Tell the school's curators at once, inside the withdrawing transaction (in Russian,
    whatever language the person withdrawing it reads the portal in)."""
    from django.conf import settings
    from django.utils import translation

    from notifications.delivery import deliver_all
    from notifications.reminders import withdrawn_consent

    with translation.override(settings.LANGUAGE_CODE):
        deliver_all(withdrawn_consent(consent, on))

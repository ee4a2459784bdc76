from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "signatures"
    verbose_name = _("Signing certificates")

    def ready(self) -> None:
        from signatures import keys, signals  # noqa: F401 — the passphrase check; a director who leaves loses the certificate

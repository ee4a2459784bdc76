from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalConfig(AppConfig):
    name = "municipal"
    verbose_name = _("Municipality")

    def ready(self):
        from municipal import signals  # noqa: F401 — connects the refresh of the stored figures

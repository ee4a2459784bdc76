from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Schools and accounts")

    def ready(self):
        from accounts import permissions  # noqa: F401  (registers the rules)

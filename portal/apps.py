from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.freshness import row_changed

        post_save.connect(row_changed, dispatch_uid="portal.freshness.saved")
        post_delete.connect(row_changed, dispatch_uid="portal.freshness.deleted")

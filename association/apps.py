from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationConfig(AppConfig):
    name = "association"
    verbose_name = _("Municipal methodical association")

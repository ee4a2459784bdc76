from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Personalized programs")

    def ready(self):
        from mentoring.registry import BOARD_PROVIDERS
        from programs.board import board_notes

        if board_notes not in BOARD_PROVIDERS:
            BOARD_PROVIDERS.append(board_notes)

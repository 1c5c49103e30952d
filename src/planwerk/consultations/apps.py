from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "planwerk.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        from planwerk.consultations import board, panels, services
        from planwerk.papers.extensions import (
            Panel,
            register_board_column,
            register_submitted,
            register_version_panel,
        )

        register_submitted("consultations", services.on_submitted)
        register_version_panel(
            Panel("consultations", 20, "consultations/_version_panel.html", panels.version_panel)
        )
        for column in board.COLUMNS:
            register_board_column(column)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "planwerk.participation"
    label = "participation"
    verbose_name = _("Comments on drafts")

    def ready(self) -> None:
        from planwerk.core.home import register_home_section
        from planwerk.papers.extensions import Panel, register_version_panel
        from planwerk.participation import panels, services
        from planwerk.residents.extensions import DataSource, register_data_source

        register_version_panel(
            Panel("participation", 30, "participation/_version_panel.html", panels.version_panel)
        )
        register_home_section(panels.HOME)
        register_data_source(DataSource("participation", services.export_for, services.delete_for))

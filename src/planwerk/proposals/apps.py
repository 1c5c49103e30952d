from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "planwerk.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from planwerk.core.home import register_home_section
        from planwerk.proposals import home, services
        from planwerk.residents.extensions import DataSource, register_data_source

        register_home_section(home.HOME)
        register_data_source(DataSource("proposals", services.export_for, services.delete_for))

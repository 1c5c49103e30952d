from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "planwerk.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from planwerk.core.home import register_home_section
        from planwerk.events import services
        from planwerk.events.home import SECTION
        from planwerk.residents.extensions import DataSource, register_data_source

        register_home_section(SECTION)
        register_data_source(DataSource("events", services.export_for, services.delete_for))

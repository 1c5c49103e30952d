from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "planwerk.core"
    label = "core"
    verbose_name = _("planwerk")

    def ready(self) -> None:
        from django.urls import register_converter

        from planwerk.core.tables import ExportFormat

        # `<export:fmt>` in an address: a table of the page as csv or xlsx.
        register_converter(ExportFormat, "export")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "planwerk.processes"
    label = "processes"
    verbose_name = _("Process definitions")

    def ready(self) -> None:
        from planwerk.core.home import register_home_section
        from planwerk.processes.home import SECTION

        register_home_section(SECTION)

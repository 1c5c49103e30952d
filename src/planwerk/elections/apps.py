from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "planwerk.elections"
    label = "elections"
    verbose_name = _("Elections")

    def ready(self) -> None:
        from planwerk.core.home import register_home_section
        from planwerk.elections.home import SECTION

        register_home_section(SECTION)

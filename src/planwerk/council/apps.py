from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "planwerk.council"
    label = "council"
    verbose_name = _("Council papers")

    def ready(self) -> None:
        from planwerk.core.home import register_home_section
        from planwerk.council.home import SECTION

        register_home_section(SECTION)

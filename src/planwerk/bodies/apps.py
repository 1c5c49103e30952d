from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BodiesConfig(AppConfig):
    name = "planwerk.bodies"
    label = "bodies"
    verbose_name = _("Bodies")

    def ready(self) -> None:
        from planwerk.bodies.home import SECTION
        from planwerk.bodies.loading import sync_bodies
        from planwerk.core.home import register_home_section
        from planwerk.processes.loader import register_part

        register_home_section(SECTION)
        register_part(sync_bodies)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    name = "planwerk.timeline"
    label = "timeline"
    verbose_name = _("Timeline")

    def ready(self) -> None:
        from planwerk.core.home import register_home_section
        from planwerk.timeline.home import SECTION

        register_home_section(SECTION)

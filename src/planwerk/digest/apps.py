from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestConfig(AppConfig):
    name = "planwerk.digest"
    label = "digest"
    verbose_name = _("Keeping informed")

    def ready(self) -> None:
        from planwerk.core.home import register_home_section
        from planwerk.digest.home import SECTION

        register_home_section(SECTION)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Fictional demo data (`planwerk load-demo`). It sits above every feature app:
    it fills them all, and none of them imports it."""

    name = "planwerk.demo"
    label = "demo"
    verbose_name = _("Demo data")

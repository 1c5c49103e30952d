from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "planwerk.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        from planwerk.decisions import hooks

        hooks.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PapersConfig(AppConfig):
    name = "planwerk.papers"
    label = "papers"
    verbose_name = _("Drafts")

    def ready(self) -> None:
        from planwerk.core.home import register_home_section
        from planwerk.papers import recommendation_views
        from planwerk.papers.extensions import Panel, register_draft_panel
        from planwerk.papers.home import SECTION

        register_draft_panel(
            Panel(
                "papers.recommendations",
                50,
                "papers/_recommendations.html",
                recommendation_views.draft_panel,
            )
        )
        register_home_section(SECTION)

"""The JSON API under /api/v1/, described at /api/v1/openapi.json and documented at
/api/v1/docs (Swagger UI, served from planwerk's own static files)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from planwerk.core.permissions import register_api

if TYPE_CHECKING:
    from ninja.types import DictStrAny


class VendoredSwagger(Swagger):
    """Swagger UI from static/vendor/swagger-ui (pinned in package.json), started by a
    script file, so that the page works under the strict CSP: nothing from a CDN,
    nothing inline."""

    default_settings: DictStrAny = {
        "layout": "BaseLayout",
        "deepLinking": True,
        # No badge fetched from the validator's site.
        "validatorUrl": None,
    }

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, "core/api_docs.html", {"api": api, "swagger_settings": settings})


api = NinjaAPI(
    title="planwerk API",
    version="1",
    description=(
        "Read access to the bodies of the planning process and their composition, "
        "and, for accounts that may see them, to drafts, their versions (sections with "
        "their structure) and change recommendations, meetings, the consultations on "
        "versions and their statements, the decisions on versions (count, votes by seat, "
        "requirements and their answers) and the council papers with their passage. "
        "Identifiers are stable public ids (UUIDs); an unknown, invalid or invisible id "
        "answers 404. "
        "Texts come in the language `Accept-Language` asks for among the site's languages; "
        "German if it names none of them, and for what is not translated. "
        "The public data of the process is also open, without login, in the OParl 1.1 "
        "format of council information systems, at /oparl/v1/."
    ),
    urls_namespace="api",
    docs=VendoredSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

# Routers register themselves here; imported last to avoid import cycles.
from planwerk.bodies.api import router as bodies_router  # noqa: E402
from planwerk.consultations.api import router as consultations_router  # noqa: E402
from planwerk.council.api import router as council_router  # noqa: E402
from planwerk.decisions.api import router as decisions_router  # noqa: E402
from planwerk.meetings.api import router as meetings_router  # noqa: E402
from planwerk.papers.api import router as papers_router  # noqa: E402

api.add_router("/bodies", bodies_router)
api.add_router("/papers", papers_router)
api.add_router("/meetings", meetings_router)
api.add_router("/consultations", consultations_router)
api.add_router("/decisions", decisions_router)
api.add_router("/council", council_router)

# The permission walk and `planwerk roles-doc` list every operation with its action.
register_api(api)

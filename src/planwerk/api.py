"""The JSON API under /api/v1/, documented at /api/v1/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="planwerk API",
    version="1",
    description=(
        "Read access to the bodies of the planning process and their composition. "
        "Texts come in German unless `Accept-Language: en` is sent."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

# Routers register themselves here; imported last to avoid import cycles.
from planwerk.bodies.api import router as bodies_router  # noqa: E402

api.add_router("/bodies", bodies_router)

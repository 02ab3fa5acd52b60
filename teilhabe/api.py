"""The JSON API under /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from django.utils.module_loading import import_string
from ninja import NinjaAPI

from teilhabe.core import api_errors
from teilhabe.core.registry import registry

api = NinjaAPI(
    title="Teilhabe API",
    version="1",
    description=(
        "Public reads (districts, integration centres) need no login. Everything else needs a "
        "personal API token (create one under Konto → API-Tokens) sent as "
        "`Authorization: Bearer <token>`. Errors are always "
        '`{"errors": [{"field": ..., "code": ..., "message": ...}]}` with stable codes.'
    ),
    urls_namespace="api",
)
api_errors.install(api)
# Every app adds its routers in its AppConfig.ready (core.registry), in their order.
for mount in registry.api_mounts():
    api.add_router(mount.prefix, import_string(mount.router.replace(":", ".")))

"""The JSON API under /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from django.utils.module_loading import import_string

from teilhabe.core import api_errors
from teilhabe.core.registry import registry

api = api_errors.Api(
    title="Teilhabe API",
    version="1",
    description=(
        "Public reads (districts, integration centres) need no login. Everything else needs a "
        "personal API token (create one under Konto → API-Tokens) sent as "
        "`Authorization: Bearer <token>`. Errors are always "
        '`{"errors": [{"field": ..., "code": ..., "message": ...}]}` with stable codes '
        "(`invalid_number`, `out_of_range`, `not_found`, `method_not_allowed` …); numbers and "
        "ids are bounded (docs/architecture.md, API)."
    ),
    urls_namespace="api",
)
api_errors.install(api)
# Every app adds its routers in its AppConfig.ready (core.registry), in their order.
for mount in registry.api_mounts():
    api.add_router(mount.prefix, import_string(mount.router.replace(":", ".")))
# Last, when every operation is known: their 400/401/404/422 answers in the OpenAPI schema.
api_errors.document(api)

"""The JSON API under /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from ninja import NinjaAPI

from teilhabe.accounts.api import router as accounts_router
from teilhabe.centres.api import router as centres_router
from teilhabe.concepts.api import router as concepts_router
from teilhabe.core import api_errors
from teilhabe.core.audit_api import router as audit_router
from teilhabe.funding.api import router as funding_router
from teilhabe.funding.api_applications import router as funding_applications_router
from teilhabe.funding.api_budget import router as funding_budget_router
from teilhabe.funding.api_decisions import router as funding_decisions_router
from teilhabe.territory.api import router as territory_router

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
api.add_router("/", territory_router)
api.add_router("/", centres_router)
api.add_router("/", concepts_router)
api.add_router("/", accounts_router)
api.add_router("/", audit_router)
api.add_router("/funding/", funding_router)
api.add_router("/funding/", funding_budget_router)
api.add_router("/funding/", funding_applications_router)
api.add_router("/funding/", funding_decisions_router)

"""The API's error format: {"errors": [{"field": ..., "code": ..., "message": ...}]}.

Codes are stable and meant for programs; messages are for people and follow the request's
language. Every error answer of /api/v1 has this shape.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

# Pydantic's error types, mapped to our codes.
PYDANTIC_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "decimal_parsing": "invalid_number",
    "decimal_type": "invalid_number",
    "float_parsing": "invalid_number",
    "int_parsing": "invalid_number",
    "int_type": "invalid_number",
    "date_from_datetime_parsing": "invalid_date",
    "date_parsing": "invalid_date",
    "date_type": "invalid_date",
    "string_type": "invalid_type",
    "json_invalid": "invalid_json",
    "greater_than": "too_small",
    "greater_than_equal": "too_small",
    "less_than": "too_large",
    "less_than_equal": "too_large",
    "string_too_long": "too_long",
    "string_too_short": "too_short",
    "string_pattern_mismatch": "invalid_format",
    "enum": "invalid_choice",
    "literal_error": "invalid_choice",
}


def error(field: str | None, code: str, message: str) -> dict[str, Any]:
    return {"field": field, "code": code, "message": message}


def errors_from_django(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            error(None if field == "__all__" else field, e.code or "invalid", " ".join(e.messages))
            for field, errs in exc.error_dict.items()
            for e in errs
        ]
    return [error(None, e.code or "invalid", " ".join(e.messages)) for e in exc.error_list]


def _field_path(loc: list[Any]) -> str | None:
    # ninja prefixes the parameter source ("body", "query", "path") and the schema argument.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or None


def install(api: NinjaAPI) -> None:
    """Route every error the API can raise into the one shape."""

    def respond(request: HttpRequest, errors: list[dict[str, Any]], status: int) -> HttpResponse:
        return api.create_response(request, {"errors": errors}, status=status)

    @api.exception_handler(NinjaValidationError)
    def validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            error(
                _field_path(list(e.get("loc", []))),
                PYDANTIC_CODES.get(e.get("type", ""), str(e.get("type") or "invalid")),
                e.get("msg", ""),
            )
            for e in exc.errors
        ]
        return respond(request, errors, 422)

    @api.exception_handler(DjangoValidationError)
    def django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return respond(request, errors_from_django(exc), 422)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, [error(None, "not_found", _("Not found."))], 404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(
            request,
            [error(None, "not_authenticated", _("A valid API token is required."))],
            401,
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {400: "bad_request", 403: "forbidden", 405: "method_not_allowed"}.get(
            exc.status_code, "error"
        )
        return respond(request, [error(None, code, str(exc))], exc.status_code)

"""The API's error format: {"errors": [{"field": ..., "code": ..., "message": ...}]}.

Codes are stable and meant for programs; messages are for people and follow the request's
language. Every error answer of /api/v1 has this shape.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict

logger = logging.getLogger(__name__)

# Pydantic's error types, mapped to our codes.
PYDANTIC_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "decimal_parsing": "invalid_number",
    "decimal_type": "invalid_number",
    "float_parsing": "invalid_number",
    "int_parsing": "invalid_number",
    "int_type": "invalid_number",
    "int_parsing_size": "out_of_range",
    "int_from_float": "invalid_number",
    "out_of_range": "out_of_range",
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


class ErrorOut(Schema):
    """One error: the input it concerns (dotted for a nested one, null for the whole request),
    a stable code for programs, a message for people in the request's language."""

    model_config = ConfigDict(extra="forbid")

    field: str | None
    code: str = Field(pattern=r"^[a-z_]+$")
    message: str = Field(min_length=1)


class ErrorsOut(Schema):
    """Every error answer of /api/v1: at least one error, nothing else."""

    model_config = ConfigDict(extra="forbid")

    errors: list[ErrorOut] = Field(min_length=1)


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
        return respond(request, [_pydantic_error(e) for e in exc.errors], 422)

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

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug, not the caller's fault: logged with its traceback, answered in the one shape.
        logger.exception("API error at %s", request.path, exc_info=exc)
        return respond(request, [error(None, "server_error", _("Internal server error."))], 500)


def _pydantic_error(e: dict[str, Any]) -> dict[str, Any]:
    code = PYDANTIC_CODES.get(e.get("type", ""), str(e.get("type") or "invalid"))
    message = e.get("msg", "")
    ctx = e.get("ctx") or {}
    if code == "out_of_range" and "min" in ctx:
        message = _("Enter a value between %(min)s and %(max)s.") % ctx
    elif code == "out_of_range":
        message = _("The number is too large.")
    return error(_field_path(list(e.get("loc", []))), code, message)


class Api(NinjaAPI):
    """NinjaAPI whose every answer is JSON in the one shape, also an unsupported method's 405
    (ninja answers that one itself, as text/html, before any exception handler)."""

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        return [
            URLPattern(p.pattern, self._json_405(p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern)
            else p
            for p in super()._get_urls()
        ]

    def _json_405(self, view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if response.status_code != 405 or response.get("Content-Type", "").startswith(
                "application/json"
            ):
                return response
            answer = self.create_response(
                request,
                {
                    "errors": [
                        error(
                            None,
                            "method_not_allowed",
                            _("This address does not support the method %(method)s.")
                            % {"method": request.method},
                        )
                    ]
                },
                status=405,
            )
            answer["Allow"] = response.get("Allow", "")
            return answer

        return wrapped


def document(api: NinjaAPI) -> None:
    """Put the error answers each operation can give into the OpenAPI schema: 422 where it
    takes parameters, 400 where it reads a body, 401 where it needs a token, 404 where it
    takes a path or checks a scope (forbidden answers like missing)."""
    for bound in api._get_bound_routers():
        for view in bound.path_operations.values():
            for op in view.operations:
                sources = {getattr(m, "__ninja_param_source__", None) for m in op.models}
                statuses = set()
                if op.models:
                    statuses.add(422)
                if "body" in sources:
                    statuses.add(400)
                if op.auth_callbacks:
                    statuses |= {401, 404}
                if "path" in sources:
                    statuses.add(404)
                for status in sorted(statuses - set(op.response_models)):
                    op.response_models[status] = op._create_response_model(ErrorsOut)

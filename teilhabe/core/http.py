"""HTTP helpers shared by views and the API."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.http import http_date

R = TypeVar("R", bound=HttpResponseBase)


def etagged_json(request: HttpRequest, data: Any, *, max_age: int = 300) -> HttpResponse:
    """A JSON answer with a strong ETag; 304 when the client already has this version.

    For public reads: clients and caches revalidate cheaply instead of downloading again.
    """
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = JsonResponse(
            data, safe=False, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False}
        )
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Vary"] = "Accept-Language"
    return response


def if_none_match(request: HttpRequest, etag: str) -> bool:
    """Whether the client's If-None-Match names `etag` (weak comparison, as for GET)."""
    asked = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
    bare = etag.removeprefix("W/")
    return "*" in asked or any(t.removeprefix("W/") == bare for t in asked if t)


def allow_cors(response: R) -> R:
    """Open data for any web page: reads only, no credentials."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def open_data_json(
    request: HttpRequest,
    data: Any,
    *,
    last_modified: datetime.datetime | None = None,
    max_age: int = 300,
) -> HttpResponse:
    """Like `etagged_json` (a strong ETag of the body, 304 on a match), for open data: with
    Last-Modified when known and CORS for every origin. The body is serialised once."""
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    encoded = body.encode()
    etag = '"' + hashlib.sha256(encoded).hexdigest()[:32] + '"'
    if if_none_match(request, etag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(encoded, content_type="application/json")
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = f"public, max-age={max_age}"
    return allow_cors(response)


def json_error(status: int, errors: list[dict[str, Any]]) -> HttpResponse:
    """An error answer of an open-data endpoint, in the API's error format, with CORS."""
    response = HttpResponse(
        json.dumps({"errors": errors}, ensure_ascii=False, cls=DjangoJSONEncoder),
        content_type="application/json",
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return allow_cors(response)

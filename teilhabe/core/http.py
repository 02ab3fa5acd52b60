"""HTTP helpers shared by views and the API."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse


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

"""The search API's repeated answers, served before the middleware stack runs.

A search answer depends only on its parameters, the language, today and the two changes of
`search.index.changes()` (the search table's, the categories'). An anonymous GET of
`/api/v1/guide/offers` whose answer was given since those last changed is answered here from
the cache: the response as the whole stack made it (its body and every header the inner
middleware added: Content-Language, Vary, CSP …), with its ETag and Last-Modified honoured
for a 304. One query (the changes) and one cache read, instead of sessions, CSRF,
authentication, the second factor, messages, the router and the view: that stack was most of
a warm answer's time (bench/RESULTS.md).

What is never stored or served here: a request with a cookie or an Authorization header (it
may be somebody's), anything but a 200 of GET, a response that sets a cookie. (The answers say
`Vary: Cookie`, as the session middleware marks every answer that looked at the session: only
requests without any cookie are stored and served, so they are all the same to it.)
A publication moves `changes()`, so the next request misses and the view answers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.urls import reverse
from django.utils import translation
from django.utils.http import parse_http_date_safe

from .api import answer_key, client_is_current
from .search import index
from .search.engine import CACHE_SECONDS

# Headers the outer middleware (request id, security) add on every answer: not stored.
_OUTER = frozenset({"x-request-id", "date"})


def _path() -> str:
    return reverse("api:search_offers")


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    vary = response.get("Vary", "").lower()
    return (
        request.method == "GET"
        and response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.streaming
        and not response.cookies
        and "*" not in vary
        and response.has_header("ETag")
    )


def _replay(request: HttpRequest, stored: dict[str, Any]) -> HttpResponse:
    headers: dict[str, str] = stored["headers"]
    response: HttpResponse
    modified = parse_http_date_safe(headers.get("Last-Modified", ""))
    if client_is_current(request, headers.get("ETag", ""), modified):
        response = HttpResponseNotModified()
        for name, value in headers.items():
            if name.lower() not in ("content-type", "content-length"):
                response[name] = value
    else:
        response = HttpResponse(stored["body"], status=200)
        for name, value in headers.items():
            response[name] = value
        if request.method == "HEAD":
            response.content = b""
            response["Content-Length"] = str(len(stored["body"]))
    return response


class _Recent:
    """The process's most recently used stored answers (at most `size`, 20–80 KB each), before
    the shared cache: a read from Redis was a fifth of a stored answer's time. Never stale:
    the key holds both last changes, so a publication makes every entry unreachable."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self.lock:
            stored = self.entries.get(key)
            if stored is not None:
                self.entries.move_to_end(key)
            return stored

    def put(self, key: str, stored: dict[str, Any]) -> None:
        with self.lock:
            self.entries[key] = stored
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_recent = _Recent(256)


def forget() -> None:
    """Drop the process's recent answers (tests: the next one must not see the last one's)."""
    _recent.clear()


class StoredSearchAnswerMiddleware:
    """See the module. Placed after the request id, security and static-file middleware and
    before the sessions (settings.MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.path: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.path is None:
            self.path = _path()
        if (
            request.path != self.path
            or request.method not in ("GET", "HEAD")
            or request.COOKIES
            or "HTTP_AUTHORIZATION" in request.META
        ):
            return self.get_response(request)
        # The language LocaleMiddleware will choose (no cookie, no language in the path).
        language = translation.get_language_from_request(request)
        changes = index.changes()
        key = answer_key("guide-api-answer", request, language, *changes)
        stored = _recent.get(key)
        if stored is None:
            stored = cache.get(key)
            if isinstance(stored, dict):
                _recent.put(key, stored)
        if isinstance(stored, dict):
            return _replay(request, stored)
        request.guide_changes = changes  # type: ignore[attr-defined]  # the view's, read once
        response = self.get_response(request)
        if _storable(request, response):
            assert isinstance(response, HttpResponse)
            headers = {
                name: value for name, value in response.items() if name.lower() not in _OUTER
            }
            stored = {"headers": headers, "body": response.content}
            cache.set(key, stored, CACHE_SECONDS)
            _recent.put(key, stored)
        return response

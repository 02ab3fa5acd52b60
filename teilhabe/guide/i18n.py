"""The public guide's languages: its pages speak more languages than the staff pages (German
and English), chosen per request and carried in the URL so a link shared is read in the
language it was sent in.

- `?lang=<code>` names the language (one of `PUBLIC_LANGUAGES`); without it, the browser's
  `Accept-Language` picks the best match, else German.
- Leichte Sprache is its own variant: content tag `de-x-ls` (valid BCP 47, a private-use
  subtag), translated through Django's language `de-ls` (catalog `locale/de_LS/`), which falls
  back to German for a string not yet written in easy language.
- Arabic and Persian pages are right to left (`dir="rtl"` on the root element; the layout uses
  logical CSS properties, so it mirrors).

Views of the public guide are wrapped in `public_view`, which activates the language for the
request and sets `request.guide_language`; templates get `public_context(request)`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

# Each language in its own name (a reader looks for their own language, not its German name).
PUBLIC_LANGUAGES: dict[str, str] = {
    "de": "Deutsch",
    "de-x-ls": "Leichte Sprache",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "uk": "Українська",
    "ru": "Русский",
    "fa": "فارسی",
    "pl": "Polski",
    "ro": "Română",
    "bg": "Български",
}
DEFAULT = "de"
RTL = frozenset({"ar", "fa"})
PARAM = "lang"
# The public code → Django's language code (whose catalog translates the UI strings).
_DJANGO_CODES = {"de-x-ls": "de-ls"}


def django_code(code: str) -> str:
    return _DJANGO_CODES.get(code, code)


def direction(code: str) -> str:
    return "rtl" if code in RTL else "ltr"


def _from_header(header: str) -> str | None:
    for tag, _quality in parse_accept_lang_header(header[:500]):
        tag = tag.lower()
        if tag in PUBLIC_LANGUAGES:
            return tag
        base = tag.split("-")[0]
        if base in PUBLIC_LANGUAGES:
            return base
    return None


def choose(request: HttpRequest) -> tuple[str, bool]:
    """The request's public language, and whether the URL named it."""
    asked = request.GET.get(PARAM, "")
    if asked in PUBLIC_LANGUAGES:
        return asked, True
    return _from_header(request.headers.get("Accept-Language", "")) or DEFAULT, False


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run `view` in the request's public language (see the module's docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        code, named = choose(request)
        request.guide_language = code  # type: ignore[attr-defined]
        with translation.override(django_code(code)):
            response = view(request, *args, **kwargs)
        response.headers.setdefault("Content-Language", code)
        if not named:
            patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper


def language_of(request: HttpRequest) -> str:
    return getattr(request, "guide_language", None) or choose(request)[0]


def url_in(request: HttpRequest, code: str) -> str:
    """This page in another language: the same path and query with `lang` replaced."""
    query = request.GET.copy()
    query[PARAM] = code
    return f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"


def public_context(request: HttpRequest) -> dict[str, Any]:
    code = language_of(request)
    return {
        "ui_language": code,
        "ui_direction": direction(code),
        "ui_languages": [
            {
                "code": other,
                "name": name,
                "direction": direction(other),
                "url": url_in(request, other),
                "current": other == code,
            }
            for other, name in PUBLIC_LANGUAGES.items()
        ],
    }

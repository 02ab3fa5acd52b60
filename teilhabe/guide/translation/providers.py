"""The two providers, as their public APIs document them.

DeepL (`POST {DEEPL_API_URL}/v2/translate`, JSON body `{"text": [...], "source_lang": "DE",
"target_lang": "EN-GB", "tag_handling": "html"}`, header `Authorization: DeepL-Auth-Key KEY`;
answer `{"translations": [{"detected_source_language": "DE", "text": "..."}]}`; a request body
of at most 128 KiB and 50 texts; 403 a wrong key, 456 the quota used up, 429 too many requests).

LibreTranslate (`POST {LIBRETRANSLATE_URL}/translate`, JSON body `{"q": [...], "source": "de",
"target": "en", "format": "text"|"html", "api_key": "..."}`; answer `{"translatedText": [...]}`
for a list; errors as `{"error": "..."}` with 400, 403, 429 or 500).

The key goes in the header (DeepL) or the body (LibreTranslate), never into a URL or a log line.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Any

from django.utils.translation import gettext_lazy as _

from . import TranslationError, batches

logger = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 2 * 1024 * 1024  # an answer is about as long as the question

# The guide's content languages (models.LANGUAGES) as DeepL names them; Leichte Sprache and
# Persian are not among DeepL's languages, so they are not offered.
DEEPL_SOURCE = {
    "de": "DE",
    "en": "EN",
    "ar": "AR",
    "tr": "TR",
    "uk": "UK",
    "ru": "RU",
    "pl": "PL",
    "ro": "RO",
    "bg": "BG",
}
DEEPL_TARGET = {**DEEPL_SOURCE, "en": "EN-GB"}  # DeepL wants a variant for English targets
# LibreTranslate (Argos models) names languages by ISO 639-1; no Leichte Sprache either.
LIBRE_LANGUAGES = {"de", "en", "ar", "tr", "uk", "ru", "fa", "pl", "ro", "bg"}


def _unavailable() -> TranslationError:
    return TranslationError(
        "translator_unavailable",
        _("The translation service cannot be reached at the moment. Please try again later."),
    )


def post_json(
    url: str, body: dict[str, Any], *, headers: dict[str, str], timeout: float, provider: str
) -> tuple[int, Any]:
    """POST `body` as JSON once; (status, decoded answer or None). Network failures and
    timeouts become `translator_unavailable`; the body (it may hold a key) is never logged."""
    if not url.startswith(("https://", "http://")):
        raise TranslationError(
            "translator_misconfigured",
            _("The translation service's address is not set. Please tell the administrators."),
        )
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(  # noqa: S310 (http or https, checked above)
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (operator's URL)
            status, raw = response.status, response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read(MAX_RESPONSE_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as e:
        logger.warning("%s: request failed (%s)", provider, type(e).__name__)
        raise _unavailable() from None
    if len(raw) > MAX_RESPONSE_BYTES:
        raise TranslationError("bad_answer", _("The translation service sent an unusable answer."))
    try:
        answer = json.loads(raw.decode()) if raw else None
    except (UnicodeDecodeError, ValueError):
        answer = None
    return status, answer


def _http_error(provider: str, status: int) -> TranslationError:
    logger.warning("%s: answered HTTP %s", provider, status)
    if status in (401, 403):
        return TranslationError(
            "translator_auth",
            _("The translation service refused the access key. Please tell the administrators."),
        )
    if status == 456:
        return TranslationError(
            "translator_quota",
            _("The translation service's quota is used up for this period."),
        )
    if status == 429:
        return TranslationError(
            "translator_busy",
            _("The translation service is busy. Please try again in a few minutes."),
        )
    if status in (400, 413, 414):
        return TranslationError(
            "translator_rejected", _("The translation service did not accept the text.")
        )
    return _unavailable()


def _strings(values: Any, expected: int) -> list[str]:
    if not isinstance(values, list) or len(values) != expected:
        raise TranslationError("bad_answer", _("The translation service sent an unusable answer."))
    if not all(isinstance(v, str) for v in values):
        raise TranslationError("bad_answer", _("The translation service sent an unusable answer."))
    return list(values)


class DeepL:
    name = "deepl"
    MAX_ITEMS = 50  # texts per request (DeepL's limit)

    def __init__(self, *, api_key: str, url: str, timeout: float, max_chars: int) -> None:
        self.api_key = api_key
        self.url = url.rstrip("/") + "/v2/translate"
        self.timeout = timeout
        self.max_chars = max_chars

    def __repr__(self) -> str:  # never shows the key
        return f"DeepL({self.url!r})"

    def supports(self, source: str, target: str) -> bool:
        return source != target and source in DEEPL_SOURCE and target in DEEPL_TARGET

    def translate(
        self, texts: list[str], *, source: str, target: str, html: bool = False
    ) -> list[str]:
        if not self.api_key:
            raise TranslationError(
                "translator_auth",
                _("The translation service has no access key. Please tell the administrators."),
            )
        result: list[str] = []
        for batch in batches(texts, self.max_chars, self.MAX_ITEMS):
            body: dict[str, Any] = {
                "text": batch,
                "source_lang": DEEPL_SOURCE[source],
                "target_lang": DEEPL_TARGET[target],
            }
            if html:
                body["tag_handling"] = "html"
            status, answer = post_json(
                self.url,
                body,
                headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"},
                timeout=self.timeout,
                provider=self.name,
            )
            if status != 200:
                raise _http_error(self.name, status)
            rows = answer.get("translations") if isinstance(answer, dict) else None
            texts_back = [r.get("text") if isinstance(r, dict) else None for r in rows or []]
            result.extend(_strings(texts_back if rows is not None else None, len(batch)))
        return result


class LibreTranslate:
    name = "libretranslate"
    MAX_ITEMS = 100

    def __init__(self, *, url: str, api_key: str, timeout: float, max_chars: int) -> None:
        self.api_key = api_key
        self.url = url.rstrip("/") + "/translate"
        self.timeout = timeout
        self.max_chars = max_chars

    def __repr__(self) -> str:
        return f"LibreTranslate({self.url!r})"

    def supports(self, source: str, target: str) -> bool:
        return source != target and source in LIBRE_LANGUAGES and target in LIBRE_LANGUAGES

    def translate(
        self, texts: list[str], *, source: str, target: str, html: bool = False
    ) -> list[str]:
        result: list[str] = []
        for batch in batches(texts, self.max_chars, self.MAX_ITEMS):
            body: dict[str, Any] = {
                "q": batch,
                "source": source,
                "target": target,
                "format": "html" if html else "text",
            }
            if self.api_key:
                body["api_key"] = self.api_key
            status, answer = post_json(
                self.url, body, headers={}, timeout=self.timeout, provider=self.name
            )
            if status != 200:
                raise _http_error(self.name, status)
            values = answer.get("translatedText") if isinstance(answer, dict) else None
            result.extend(_strings(values, len(batch)))
        return result

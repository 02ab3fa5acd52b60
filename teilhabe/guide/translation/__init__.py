"""Machine translation of the guide's texts behind one small interface (issue 19, "Languages").

A `Translator` turns a batch of texts from one language into another. Which one the guide uses
is the operator's choice (`GUIDE_TRANSLATOR`): "" (none, the default: the pages offer no machine
translation), "deepl" (the DeepL API) or "libretranslate" (a LibreTranslate server, often run by
the municipality itself). Both speak HTTP through `urllib.request` with a timeout, split a batch
so no request carries more than `GUIDE_TRANSLATOR_MAX_CHARS` characters, and try each request
once: a failure is reported, never retried in a loop.

HTML (an offer's description) goes to the provider as HTML (both support it) and is cleaned
again with `guide.sanitise` afterwards: what a provider answers is not trusted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .. import sanitise


class TranslationError(Exception):
    """A translation that did not happen: `code` is stable, `message` is for the page."""

    def __init__(self, code: str, message: StrOrPromise) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


class Translator(Protocol):
    """One provider. `translate` keeps the order and the number of `texts`."""

    name: str

    def supports(self, source: str, target: str) -> bool: ...

    def translate(
        self, texts: list[str], *, source: str, target: str, html: bool = False
    ) -> list[str]: ...


def batches(texts: Sequence[str], max_chars: int, max_items: int) -> list[list[str]]:
    """`texts` in order, cut into requests of at most `max_chars` characters and `max_items`
    texts. A single text longer than `max_chars` is refused (the guide bounds its texts below
    that: 20,000 characters of description)."""
    result: list[list[str]] = []
    current: list[str] = []
    size = 0
    for text in texts:
        if len(text) > max_chars:
            raise TranslationError(
                "text_too_long", _("A text is too long for one translation request.")
            )
        if current and (size + len(text) > max_chars or len(current) >= max_items):
            result.append(current)
            current, size = [], 0
        current.append(text)
        size += len(text)
    if current:
        result.append(current)
    return result


def configured() -> Translator | None:
    """The translator the environment names, or None (no machine translation)."""
    from .providers import DeepL, LibreTranslate

    name = settings.GUIDE_TRANSLATOR
    timeout = settings.GUIDE_TRANSLATOR_TIMEOUT
    max_chars = settings.GUIDE_TRANSLATOR_MAX_CHARS
    if name == "deepl":
        return DeepL(
            api_key=settings.DEEPL_API_KEY,
            url=settings.DEEPL_API_URL,
            timeout=timeout,
            max_chars=max_chars,
        )
    if name == "libretranslate":
        return LibreTranslate(
            url=settings.LIBRETRANSLATE_URL,
            api_key=settings.LIBRETRANSLATE_API_KEY,
            timeout=timeout,
            max_chars=max_chars,
        )
    return None


def translate_fields(
    translator: Translator, fields: dict[str, str], *, source: str, target: str
) -> dict[str, str]:
    """An offer's texts (`models.TEXT_FIELDS`) in `target`: the plain fields in one batch,
    the description (HTML) in another, then cleaned by the sanitiser. Empty fields stay empty
    and are not sent."""
    if not translator.supports(source, target):
        raise TranslationError(
            "unsupported_language",
            _("The translation service does not translate between these languages."),
        )
    plain = [name for name in fields if name != "description" and fields.get(name)]
    result = {name: "" for name in fields}
    if plain:
        answers = translator.translate(
            [fields[name] for name in plain], source=source, target=target
        )
        for name, value in zip(plain, answers, strict=True):
            result[name] = " ".join(value.split())  # plain text: no line breaks smuggled in
    if fields.get("description"):
        (html,) = translator.translate(
            [fields["description"]], source=source, target=target, html=True
        )
        result["description"] = sanitise.clean(html)
    return result


def missing_languages(offer: Any, translator: Translator) -> list[str]:
    """The guide's languages the offer has no text in and `translator` can produce."""
    from ..models import LANGUAGES

    have = set(offer.texts.values_list("language", flat=True))
    return [
        code
        for code in LANGUAGES
        if code not in have and translator.supports(offer.source_language, code)
    ]

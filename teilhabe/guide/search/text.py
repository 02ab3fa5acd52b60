"""Words for the full-text search: the text search configuration per content language, the
tokeniser that keeps user input out of any query syntax, and the stemming the SQLite index
needs (PostgreSQL stems itself with the same Snowball algorithms)."""

from __future__ import annotations

import html
import re
import threading

import snowballstemmer
from django.utils.html import strip_tags

# PostgreSQL has these Snowball configurations; the other content languages (Ukrainian,
# Persian, Polish, Bulgarian) use `simple` (lower-cased words, no stemming) on both databases,
# so both answer alike. Leichte Sprache is German.
CONFIGS: dict[str, str] = {
    "de": "german",
    "de-x-ls": "german",
    "en": "english",
    "tr": "turkish",
    "ru": "russian",
    "ar": "arabic",
    "ro": "romanian",
}
SIMPLE = "simple"
ALL_CONFIGS: tuple[str, ...] = (*sorted(set(CONFIGS.values())), SIMPLE)
MAX_TOKENS = 20  # q has at most 200 characters; more words than this add nothing
_WORD = re.compile(r"[^\W_]+")


def config_of(language: str) -> str:
    return CONFIGS.get(language, SIMPLE)


def tokens(text: str, *, limit: int | None = None) -> list[str]:
    """The words of `text`, lower-cased: runs of letters and digits. Quotes, operators,
    `*`, `:` and brackets never survive, so no input reaches FTS5 or tsquery syntax raw."""
    words = _WORD.findall(text.casefold())
    return words[:limit] if limit is not None else words


_local = threading.local()


def _stemmer(config: str) -> snowballstemmer.stemmer | None:
    """This thread's stemmer of `config`: a Snowball stemmer keeps the word it works on in
    itself, so two threads sharing one (gunicorn's gthread workers) corrupt each other's word
    — under load in bench/guide_http.py a search failed with an IndexError inside it."""
    if config == SIMPLE:
        return None
    stemmers: dict[str, snowballstemmer.stemmer] = _local.__dict__.setdefault("stemmers", {})
    if config not in stemmers:
        stemmers[config] = snowballstemmer.stemmer(config)
    return stemmers[config]


def stem(words: list[str], config: str) -> list[str]:
    stemmer = _stemmer(config)
    return words if stemmer is None else [stemmer.stemWord(w) for w in words]


def variants(word: str, config: str) -> list[str]:
    """The forms a query word matches: its stem and the stem of that stem, since Snowball
    stems inflected forms to different stems ("Sprachkurse" → sprachkurs, "Sprachkurs" →
    sprachkur). PostgreSQL is given the word and its stem and stems both itself, the same."""
    first = stem([word], config)[0]
    second = stem([first], config)[0]
    return [first] if first == second else [first, second]


def plain(description_html: str) -> str:
    """The text of a sanitised description (its markup is only p, br, lists, emphasis and
    links), with the paragraphs kept apart."""
    spaced = re.sub(r"<(?:/p|br|/li)\b[^>]*>", " \\g<0>", description_html)
    return " ".join(html.unescape(strip_tags(spaced)).split())

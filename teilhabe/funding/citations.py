"""Citations as the authority prints them: without the project's internal assumptions.

Some guideline rows carry a remark on what we assumed inside their title or citation (the 2022
version: "Beginn 01.01.2022 angenommen, die Quelle ist undatiert"). Those remarks belong in
docs/funding.md and in the version's `assumptions` field, never in a decision or on a page.
`public(text)` drops every parenthesised remark (or its ';'-separated part) that speaks of an
assumption; the stored rows stay as they are (versions in force are immutable and issued
decisions keep their snapshot).

`localized(text)` gives the English reading where one exists: the legal names are German data
(a decision always prints them in German), and an English page glosses the known ones ("KI
funding guidelines of 27 March 2018"); the abbreviations and section numbers (§ 8 TIntG NRW)
stay as they are, and a text with no known phrase is shown unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from django.utils import formats, translation

_MARKERS = ("angenommen", "undatiert", "annahme", "assumption", "assumed")
_PARENS = re.compile(r"\s*\(([^()]*)\)")


def _is_assumption(part: str) -> bool:
    lowered = part.lower()
    return any(m in lowered for m in _MARKERS)


def public(text: str) -> str:
    """`text` without the parts of its parentheses that state an assumption."""

    def keep(match: re.Match[str]) -> str:
        parts = [p.strip() for p in match.group(1).split(";")]
        kept = [p for p in parts if p and not _is_assumption(p)]
        return f" ({'; '.join(kept)})" if kept else ""

    return _PARENS.sub(keep, text).strip()


_DATE = r"(\d{2})\.(\d{2})\.(\d{4})"


def _english_date(match: re.Match[str]) -> str:
    day, month, year = (int(match.group(i)) for i in (1, 2, 3))
    try:
        return formats.date_format(date(year, month, day), "j F Y")
    except ValueError:  # not a calendar date: left as written
        return f"{day:02d}.{month:02d}.{year:04d}"


def _english_amounts(match: re.Match[str]) -> str:
    amounts = "/".join(a.replace(".", ",") for a in match.group(1).split("/"))
    return f"amounts {amounts} EUR"


# German phrase → English gloss, longest first (the Fassung before the plain "vom").
_ENGLISH: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(rf"Teilhabe- und Integrationsgesetz vom {_DATE}"),
        lambda m: f"Participation and Integration Act of {_english_date(m)}",
    ),
    (
        re.compile(rf"Förderrichtlinien KI in der Fassung vom {_DATE}"),
        lambda m: f"KI funding guidelines as amended on {_english_date(m)}",
    ),
    (
        re.compile(rf"Förderrichtlinien KI vom {_DATE}"),
        lambda m: f"KI funding guidelines of {_english_date(m)}",
    ),
    (
        re.compile(r"Förderrichtlinien KI nach dem TIntG (\d{4})"),
        lambda m: f"KI funding guidelines under the TIntG {m.group(1)}",
    ),
    (re.compile(r"Förderrichtlinien KI"), lambda m: "KI funding guidelines"),
    (
        re.compile(r"Programmbeschreibung KI (\d{4}), „Voraussetzung“"),
        lambda m: f"KI programme description {m.group(1)}, “Prerequisite”",
    ),
    (re.compile(r"Beträge ([0-9.]+(?:/[0-9.]+)*) EUR"), _english_amounts),
    (re.compile(rf"\bab {_DATE}"), lambda m: f"from {_english_date(m)}"),
]


def english(text: str) -> str:
    """The English gloss of a German citation or guideline title (unknown parts unchanged)."""
    for pattern, replace in _ENGLISH:
        text = pattern.sub(replace, text)
    return text


def localized(text: str) -> str:
    """`public(text)`, in English when the active language is English."""
    shown = public(text)
    if (translation.get_language() or "de").startswith("en"):
        return english(shown)
    return shown

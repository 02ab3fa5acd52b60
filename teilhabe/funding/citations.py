"""Citations as the authority prints them: without the project's internal assumptions.

Some guideline rows carry a remark on what we assumed inside their title or citation (the 2022
version: "Beginn 01.01.2022 angenommen, die Quelle ist undatiert"). Those remarks belong in
docs/funding.md and in the version's `assumptions` field, never in a decision or on a page.
`public(text)` drops every parenthesised remark (or its ';'-separated part) that speaks of an
assumption; the stored rows stay as they are (versions in force are immutable and issued
decisions keep their snapshot).
"""

from __future__ import annotations

import re

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

"""The guide's pure rules: free places of a course, when a translation is outdated, which
workflow step who may take, what changed since the published version, and when an offer is
due for review or hidden for its review age.

Sources: the federal course search (BAMF "KURSNET"/"BAMF-NAvI") shows places and free places
per course; issue 19 ("Content and workflow", "Languages") sets the workflow and the outdated
rule, which follows Integreat CMS (a translation is outdated once its source changed after it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final, Literal

DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED = "draft", "in_review", "published", "archived"
KI, PARTNER = "ki", "partner"

# (from, to) -> who may take the step. The KI's own people edit and publish; a partner
# account only hands its organisation's offers in for review (issue 19, "Workflow").
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (DRAFT, IN_REVIEW): frozenset({KI, PARTNER}),
    (DRAFT, PUBLISHED): frozenset({KI}),
    (IN_REVIEW, PUBLISHED): frozenset({KI}),
    (IN_REVIEW, DRAFT): frozenset({KI}),  # sent back to whoever wrote it
    (PUBLISHED, ARCHIVED): frozenset({KI}),
    (IN_REVIEW, ARCHIVED): frozenset({KI}),
    (ARCHIVED, DRAFT): frozenset({KI}),
}


def may_transition(current: str, target: str, actor: str) -> bool:
    """Whether `actor` ("ki" or "partner") may move an offer from `current` to `target`."""
    return actor in TRANSITIONS.get((current, target), frozenset())


def targets(current: str, actor: str) -> list[str]:
    """The states `actor` may move an offer in `current` to, in a stable order."""
    return [to for (frm, to), who in TRANSITIONS.items() if frm == current and actor in who]


def free_places(places: int, taken: int) -> int:
    """Places still free on a course: never negative (a course overbooked by a late
    correction shows 0, not -2)."""
    return max(places - taken, 0)


# Review age (issue 19, "Content and workflow"): "Offers not reviewed for a configurable time
# are flagged to their KI, then hidden from the public." The times are the settings
# GUIDE_REVIEW_FLAG_DAYS (default 180) and GUIDE_REVIEW_HIDE_DAYS (default 365).
ReviewState = Literal["current", "due", "hidden"]
CURRENT: Final = "current"
DUE: Final = "due"
HIDDEN: Final = "hidden"


def review_state(
    last_reviewed_on: date | None, today: date, flag_days: int, hide_days: int
) -> ReviewState:
    """Whether a published offer is current, due for review (flagged to its KI) or hidden from
    the public, by the days since it was last reviewed (published or confirmed as current).

    Due from `flag_days` days on, hidden from `hide_days` days on (`1 <= flag_days <=
    hide_days`); a review date in the future counts as today. An offer never reviewed is due,
    not hidden: nobody has decided it is stale, but somebody should look."""
    if not 1 <= flag_days <= hide_days:
        raise ValueError("review days must satisfy 1 <= flag_days <= hide_days")
    if last_reviewed_on is None:
        return DUE
    age = (today - last_reviewed_on).days
    if age >= hide_days:
        return HIDDEN
    if age >= flag_days:
        return DUE
    return CURRENT


def review_cutoff(today: date, days: int) -> date:
    """The latest review date that is at least `days` old on `today`: an offer reviewed on or
    before it is due (flag days) or hidden (hide days), the date form of `review_state` that
    the queries use."""
    return today - timedelta(days=days)


def translation_outdated(*, is_source: bool, source_version: int, based_on: int) -> bool:
    """A translation is outdated when its source-language text changed after it was written:
    the source's version is above the version the translation was made from. The source text
    itself is never outdated."""
    return not is_source and source_version > based_on


@dataclass(frozen=True)
class Change:
    """One field that differs from the published version; `section` is "offer", "course",
    "locations" or a language code for that language's text."""

    section: str
    field: str
    before: Any
    after: Any


def _blank(value: Any) -> bool:
    """No value: a field missing from a snapshot and an empty one are the same to a reviewer
    (False and 0 are values)."""
    return value is None or value == "" or value == [] or value == {}


def _differ(before: Any, after: Any) -> bool:
    return before != after and not (_blank(before) and _blank(after))


def diff_snapshots(published: Mapping[str, Any], current: Mapping[str, Any]) -> list[Change]:
    """What changed since the published version, field by field and per language.

    Snapshots are {"offer": {...}, "course": {...} | None, "locations": [...],
    "texts": {lang: {...}}}; a missing section counts as empty (a first publication shows
    every field with a value as new; fields empty on both sides are no change)."""
    changes: list[Change] = []
    for section in ("offer", "course"):
        before, after = published.get(section) or {}, current.get(section) or {}
        for name in sorted(set(before) | set(after)):
            if _differ(before.get(name), after.get(name)):
                changes.append(Change(section, name, before.get(name), after.get(name)))
    if (published.get("locations") or []) != (current.get("locations") or []):
        changes.append(
            Change("locations", "locations", published.get("locations"), current.get("locations"))
        )
    texts_before, texts_after = published.get("texts") or {}, current.get("texts") or {}
    for language in sorted(set(texts_before) | set(texts_after)):
        before, after = texts_before.get(language) or {}, texts_after.get(language) or {}
        for name in sorted(set(before) | set(after)):
            if _differ(before.get(name), after.get(name)):
                changes.append(Change(language, name, before.get(name), after.get(name)))
    return changes

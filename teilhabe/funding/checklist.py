"""The review checklist's rule: a proposal needs every item done or its being open explained.

Pure. The grant officer's checklist (`services.review.checklist`: the eligibility checks and the
authority's own items) is stored on the application as `{code: {"done": bool, "note": str}}`.
**Assumption** (docs/funding.md, "The review checklist before a proposal"): no source names a
checklist; we require, for every kind of proposal (approval in full or in part, rejection), that
each item is either ticked or carries a written explanation why it is open. The authority
establishes the facts itself (§ 24 VwVfG NRW) and a written decision states its essential
reasons (§ 39 VwVfG NRW); an item left open without a word would leave a gap in the file the
second signatory cannot see past.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# An explanation is a sentence or two, not a report: longer text belongs in the review notes.
NOTE_MAX_LENGTH = 1000


class State(StrEnum):
    DONE = "done"
    EXPLAINED = "explained"  # not done, with a written reason
    OPEN = "open"  # not done, no reason: stands in the way of a proposal


@dataclass(frozen=True)
class Tick:
    """One item as the officer saved it."""

    done: bool = False
    note: str = ""

    @property
    def state(self) -> State:
        if self.done:
            return State.DONE
        # Whitespace is no explanation.
        return State.EXPLAINED if self.note.strip() else State.OPEN

    def as_json(self) -> dict[str, Any]:
        return {"done": self.done, "note": self.note}


def tick_from(stored: Any) -> Tick | None:
    """The saved entry of one item (`{"done": …, "note": …}`), or None if never saved."""
    if not isinstance(stored, Mapping):
        return None
    return Tick(done=stored.get("done") is True, note=str(stored.get("note") or ""))


def open_items(ticks: Mapping[str, Tick | None], codes: list[str]) -> list[str]:
    """The codes of `codes` (in their order) neither done nor explained; an item never saved is
    open too, whatever the eligibility check suggested: the officer confirms each."""
    return [code for code in codes if (tick := ticks.get(code)) is None or tick.state == State.OPEN]

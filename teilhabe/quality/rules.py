"""How the pillars add up to a KI's quality status, and what changed between two computations.
Pure functions (docs/quality.md).

The seed ("Qualitätssicherung") names four pillars: the proof of use checked, reporting in
programme controlling, taking part in the evaluation, cooperating in the network of KIs. It says
nothing about how they add up; the rule here [assumption]: a status is *fulfilled* when every
pillar is, *not fulfilled* as soon as one is not, and *pending* otherwise (some not due yet, or
no pillar registered at all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .models import Overall

PillarValues = Mapping[str, bool | None]


def overall(values: PillarValues, codes: Iterable[str]) -> Overall:
    """The overall status of the pillars `codes` with their `values` (a code missing: None)."""
    read = [values.get(code) for code in codes]
    if any(v is False for v in read):
        return Overall.UNFULFILLED
    if read and all(v is True for v in read):
        return Overall.FULFILLED
    return Overall.PENDING


def as_value(value: Any) -> bool | None:
    """A pillar's answer as stored: True, False, or None for anything else."""
    return value if isinstance(value, bool) else None


def changes(before: PillarValues, after: PillarValues) -> dict[str, dict[str, bool | None]]:
    """The pillars whose value differs, as {code: {"from", "to"}} (a missing code reads None)."""
    return {
        code: {"from": before.get(code), "to": after.get(code)}
        for code in sorted(set(before) | set(after))
        if before.get(code) != after.get(code)
    }

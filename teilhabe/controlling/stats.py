"""The pure arithmetic of the state view: the median of the KIs' values, each KI's comparison
with it, the shares (timeliness, completeness), and the classes of the map.

No database and no floats: values are `Decimal` (as stored, `ReportValue.value`), so a median
of two middle values is their exact mean. `tests/test_state_stats.py` checks each against a
second computation with generated values (hypothesis).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

TWO = Decimal(2)
# How many classes the map shows at most (fewer where the values have fewer distinct ones).
MAP_CLASSES = 5


def median(values: Iterable[Decimal]) -> Decimal | None:
    """The middle value; of an even number, the mean of the two middle ones; None of none."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    if n % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / TWO


class Position(StrEnum):
    """Where a value stands against the median."""

    ABOVE = "above"
    AT = "at"
    BELOW = "below"


@dataclass(frozen=True)
class Comparison:
    """A KI's value against the state median: its position, and whether that is better (for an
    indicator where lower is better, below the median is better). `better` is None at the
    median."""

    position: Position
    better: bool | None


def compare(
    value: Decimal | None, reference: Decimal | None, *, higher_is_better: bool
) -> Comparison | None:
    """The comparison, or None where the value or the median is missing."""
    if value is None or reference is None:
        return None
    if value == reference:
        return Comparison(Position.AT, None)
    above = value > reference
    return Comparison(Position.ABOVE if above else Position.BELOW, above == higher_is_better)


def share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` as a fraction 0–1 (None of nothing: no rate, not 0 %)."""
    if whole <= 0:
        return None
    return Decimal(part) / Decimal(whole)


@dataclass(frozen=True)
class Band:
    """One class of the map: the values from `low` to `high`, both included (the classes do not
    overlap: the next one starts above this `high`)."""

    low: Decimal
    high: Decimal


def quantile_bands(values: Sequence[Decimal], classes: int = MAP_CLASSES) -> list[Band]:
    """Classes by quantiles: the upper bound of class i (1..k) is the value at rank ⌈i·n/k⌉ of
    the sorted values (nearest rank), so each holds about n/k values; equal bounds merge, so
    there are never more classes than distinct values and none is empty."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0 or classes < 1:
        return []
    highs: list[Decimal] = []
    for i in range(1, classes + 1):
        bound = ordered[math.ceil(i * n / classes) - 1]
        if not highs or bound > highs[-1]:
            highs.append(bound)
    bands = []
    low = ordered[0]
    for high in highs:
        bands.append(Band(low, high))
        above = [v for v in ordered if v > high]
        low = above[0] if above else high
    return bands


def band_of(value: Decimal | None, bands: Sequence[Band]) -> int | None:
    """The index of the class that holds `value` (None: no value, or outside every class)."""
    if value is None:
        return None
    for index, band in enumerate(bands):
        if band.low <= value <= band.high:
            return index
    return None

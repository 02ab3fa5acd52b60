"""The pure rules of programme controlling: which definition a period reads, which dates a
reporting period may have, and what an indicator's validation rules say about a value.

No database: the services and (next) the reports call these with plain values; the tests
check them with generated ones (`tests/test_rules.py`).
"""

from __future__ import annotations

import calendar
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeVar

HALF_YEAR = "half_year"
YEAR = "year"

# How many months after a period's end its report is due, unless the office sets another
# deadline. No source names one [assumption, docs/controlling.md]: three months.
DEADLINE_MONTHS = 3

# A relation to another indicator of the same report: "placed ≤ counselled" is ("le",
# "newcomers-counselled") on the indicator "newcomers-placed".
OPERATORS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "le": ("≤", operator.le),
    "lt": ("<", operator.lt),
    "eq": ("=", operator.eq),
    "ge": ("≥", operator.ge),
    "gt": (">", operator.gt),
}


class Dated(Protocol):
    @property
    def valid_from(self) -> date: ...


class PeriodLike(Protocol):
    @property
    def starts_on(self) -> date: ...


V = TypeVar("V", bound=Dated)


def version_for(versions: Iterable[V], period: PeriodLike) -> V | None:
    """The version a period reads: the latest one valid on the period's first day (None before
    the first version). A version valid from the second half-year is read by that half-year and
    every later period, but not by the year it falls in, which starts before it."""
    valid = [v for v in versions if v.valid_from <= period.starts_on]
    return max(valid, key=lambda v: v.valid_from, default=None)


# --- reporting periods --------------------------------------------------------------------------


def bounds(kind: str, year: int, half: int = 1) -> tuple[date, date]:
    """The first and last day of the year, or of its first or second half."""
    if kind == YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    if half == 1:
        return date(year, 1, 1), date(year, 6, 30)
    return date(year, 7, 1), date(year, 12, 31)


def fits_kind(kind: str, starts_on: date, ends_on: date) -> bool:
    """Whether [starts_on, ends_on] is a calendar year (kind `year`) or one of its halves (1
    January–30 June, 1 July–31 December; kind `half_year`)."""
    year = starts_on.year
    if kind == YEAR:
        return (starts_on, ends_on) == bounds(YEAR, year)
    if kind == HALF_YEAR:
        return (starts_on, ends_on) in (bounds(HALF_YEAR, year, 1), bounds(HALF_YEAR, year, 2))
    return False


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day where it has no such day (the
    last day of a month stays the last: 30 June + 3 → 30 September, 31 December + 3 → 31
    March)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    at_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month, last if at_end else min(day.day, last))


def default_deadline(ends_on: date) -> date:
    return add_months(ends_on, DEADLINE_MONTHS)


def overlaps(a: tuple[date, date], b: tuple[date, date]) -> bool:
    """Two periods, both days included, share at least one day."""
    return a[0] <= b[1] and b[0] <= a[1]


# --- validation rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    operator: str  # a key of OPERATORS
    indicator: str  # the other indicator's code

    @property
    def symbol(self) -> str:
        return OPERATORS[self.operator][0]


def relations_of(raw: Iterable[Mapping[str, Any]]) -> list[Relation]:
    """The stored form ([{"operator", "indicator"}]) as relations."""
    return [Relation(str(r["operator"]), str(r["indicator"])) for r in raw]


def definition_problems(
    code: str,
    *,
    minimum: Decimal | None,
    maximum: Decimal | None,
    relations: Sequence[Relation],
    known_codes: Iterable[str],
) -> dict[str, list[str]]:
    """What is wrong with an indicator's validation rules, by field, as stable codes:
    `range_reversed` (minimum above maximum), `unknown_operator`, `relation_to_itself`,
    `unknown_indicator` (no such indicator in the catalogue), `duplicate_relation`."""
    problems: dict[str, list[str]] = {}
    if minimum is not None and maximum is not None and minimum > maximum:
        problems.setdefault("maximum", []).append("range_reversed")
    known = set(known_codes)
    seen: set[tuple[str, str]] = set()
    for relation in relations:
        found = problems.setdefault("relations", [])
        if relation.operator not in OPERATORS:
            found.append("unknown_operator")
        elif relation.indicator == code:
            found.append("relation_to_itself")
        elif relation.indicator not in known:
            found.append("unknown_indicator")
        elif (relation.operator, relation.indicator) in seen:
            found.append("duplicate_relation")
        seen.add((relation.operator, relation.indicator))
    return {field: codes for field, codes in problems.items() if codes}


@dataclass(frozen=True)
class Finding:
    """A value that breaks a rule: `below_minimum`, `above_maximum` or `relation_broken` (with
    the relation)."""

    code: str
    relation: Relation | None = None


def value_findings(
    value: Decimal | int,
    *,
    minimum: Decimal | None,
    maximum: Decimal | None,
    relations: Sequence[Relation],
    values: Mapping[str, Decimal | int | None],
) -> list[Finding]:
    """What a report's value breaks of its indicator's rules; a relation to an indicator the
    report has no value for yet is not checked (completeness says that it is missing)."""
    findings = []
    if minimum is not None and value < minimum:
        findings.append(Finding("below_minimum"))
    if maximum is not None and value > maximum:
        findings.append(Finding("above_maximum"))
    for relation in relations:
        other = values.get(relation.indicator)
        if other is not None and not OPERATORS[relation.operator][1](value, other):
            findings.append(Finding("relation_broken", relation))
    return findings

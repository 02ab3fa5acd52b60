"""The pure rules of controlling (rules.py): which version a period reads, which days a period
may have and when it is due, and what the validation rules say. The expected values are
computed another way than the code: by walking the days, or by a brute-force search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.controlling import rules
from teilhabe.controlling.rules import Relation

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
years = st.integers(min_value=2000, max_value=2060)


@dataclass(frozen=True)
class Version:
    valid_from: date
    name: str


@dataclass(frozen=True)
class Period:
    starts_on: date


# --- version_for ------------------------------------------------------------------------------


@given(st.lists(days, unique=True, max_size=8), days)
def test_a_period_reads_the_last_version_that_had_started_by_its_first_day(
    starts: list[date], first_day: date
) -> None:
    versions = [Version(d, f"v{i}") for i, d in enumerate(starts)]
    found = rules.version_for(versions, Period(first_day))
    # Brute force: walk back day by day from the period's first day to a version's start.
    expected = None
    by_day = {v.valid_from: v for v in versions}
    if starts and first_day >= min(starts):
        day = first_day
        while day not in by_day:
            day -= timedelta(days=1)
        expected = by_day[day]
    assert found == expected


@given(st.lists(days, unique=True, min_size=1, max_size=8), days, days)
def test_a_later_version_never_changes_what_an_earlier_period_reads(
    starts: list[date], first_day: date, new_start: date
) -> None:
    """A new version from a period on leaves every period that starts before it unchanged."""
    versions = [Version(d, f"v{i}") for i, d in enumerate(starts)]
    if new_start <= max(starts) or first_day >= new_start:
        return
    before = rules.version_for(versions, Period(first_day))
    after = rules.version_for([*versions, Version(new_start, "new")], Period(first_day))
    assert before == after


def test_the_year_reads_the_version_of_its_first_half() -> None:
    first = Version(date(2024, 1, 1), "2024")
    second = Version(date(2025, 7, 1), "from the second half of 2025")
    assert rules.version_for([first, second], Period(date(2025, 1, 1))) == first  # year 2025
    assert rules.version_for([first, second], Period(date(2025, 7, 1))) == second
    assert rules.version_for([first, second], Period(date(2026, 1, 1))) == second
    assert rules.version_for([second], Period(date(2025, 1, 1))) is None


# --- period bounds and deadlines --------------------------------------------------------------


@given(days, days)
def test_only_calendar_years_and_their_halves_fit(start: date, end: date) -> None:
    year_days = (end - start).days + 1
    is_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
        start.year == end.year
    )
    is_half = start.year == end.year and (start.month, start.day, end.month, end.day) in (
        (1, 1, 6, 30),
        (7, 1, 12, 31),
    )
    assert rules.fits_kind(rules.YEAR, start, end) == is_year
    assert rules.fits_kind(rules.HALF_YEAR, start, end) == is_half
    if is_year:
        assert year_days in (365, 366)
    assert not rules.fits_kind("quarter", start, end)


@given(years)
def test_the_two_halves_make_the_year(year: int) -> None:
    first, second = rules.bounds(rules.HALF_YEAR, year, 1), rules.bounds(rules.HALF_YEAR, year, 2)
    whole = rules.bounds(rules.YEAR, year)
    assert (first[0], second[1]) == whole
    assert second[0] - first[1] == timedelta(days=1)
    assert not rules.overlaps(first, second)
    assert rules.overlaps(first, whole) and rules.overlaps(second, whole)


@given(days, days, days, days)
def test_overlap_means_a_shared_day(a: date, b: date, c: date, d: date) -> None:
    one, two = (min(a, b), max(a, b)), (min(c, d), max(c, d))
    shared = max(one[0], two[0]) <= min(one[1], two[1])
    assert rules.overlaps(one, two) == shared == rules.overlaps(two, one)


@pytest.mark.parametrize(
    ("end", "deadline"),
    [
        (date(2025, 6, 30), date(2025, 9, 30)),
        (date(2025, 12, 31), date(2026, 3, 31)),
        (date(2024, 11, 30), date(2025, 2, 28)),
        (date(2023, 11, 30), date(2024, 2, 29)),
        (date(2025, 1, 15), date(2025, 4, 15)),
    ],
)
def test_the_default_deadline_is_three_months_after_the_end(end: date, deadline: date) -> None:
    assert rules.default_deadline(end) == deadline


@given(days, st.integers(min_value=0, max_value=36))
def test_adding_months_lands_in_the_right_month_and_never_before(day: date, months: int) -> None:
    later = rules.add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later >= day
    if day.day < 28:  # never a month's last day
        assert later.day == day.day
    last_of_month = (day + timedelta(days=1)).day == 1
    if last_of_month:
        assert (later + timedelta(days=1)).day == 1


# --- validation rules -------------------------------------------------------------------------

codes = st.sampled_from(["a", "b", "c", "d"])
amounts = st.one_of(st.none(), st.integers(min_value=-5, max_value=5).map(Decimal))


@given(amounts, amounts)
def test_a_reversed_range_is_refused(low: Decimal | None, high: Decimal | None) -> None:
    problems = rules.definition_problems(
        "a", minimum=low, maximum=high, relations=[], known_codes=[]
    )
    reversed_ = low is not None and high is not None and low > high
    assert ("range_reversed" in problems.get("maximum", [])) == reversed_


@given(
    st.lists(st.tuples(st.sampled_from(["le", "lt", "eq", "ge", "gt", "ne"]), codes), max_size=5)
)
def test_each_bad_relation_is_named_once(pairs: list[tuple[str, str]]) -> None:
    relations = [Relation(op, other) for op, other in pairs]
    problems = rules.definition_problems(
        "a", minimum=None, maximum=None, relations=relations, known_codes=["a", "b", "c"]
    ).get("relations", [])
    expected = []
    seen = set()
    for op, other in pairs:
        if op == "ne":
            expected.append("unknown_operator")
        elif other == "a":
            expected.append("relation_to_itself")
        elif other == "d":
            expected.append("unknown_indicator")
        elif (op, other) in seen:
            expected.append("duplicate_relation")
        seen.add((op, other))
    assert problems == expected


def test_placed_above_counselled_breaks_the_relation() -> None:
    placed_le_counselled = [Relation("le", "newcomers-counselled")]
    kwargs = {"minimum": Decimal(0), "maximum": None, "relations": placed_le_counselled}
    assert rules.value_findings(12, values={"newcomers-counselled": 12}, **kwargs) == []
    found = rules.value_findings(13, values={"newcomers-counselled": 12}, **kwargs)
    assert found == [rules.Finding("relation_broken", placed_le_counselled[0])]
    # Not yet entered: completeness says so, the relation waits.
    assert rules.value_findings(13, values={}, **kwargs) == []
    assert rules.value_findings(-1, values={}, **kwargs) == [rules.Finding("below_minimum")]


@given(
    st.integers(min_value=-10, max_value=10),
    amounts,
    amounts,
    st.dictionaries(codes, st.one_of(st.none(), st.integers(min_value=-10, max_value=10))),
    st.lists(st.tuples(st.sampled_from(list(rules.OPERATORS)), codes), max_size=4),
)
def test_a_value_breaks_exactly_the_rules_it_does_not_meet(
    value: int,
    low: Decimal | None,
    high: Decimal | None,
    values: dict[str, int | None],
    pairs: list[tuple[str, str]],
) -> None:
    relations = [Relation(op, other) for op, other in pairs]
    found = rules.value_findings(
        value, minimum=low, maximum=high, relations=relations, values=values
    )
    holds = {
        "le": lambda a, b: not a > b,
        "lt": lambda a, b: a < b,
        "eq": lambda a, b: not (a < b or a > b),
        "ge": lambda a, b: not a < b,
        "gt": lambda a, b: b < a,
    }
    expected = []
    if low is not None and value < low:
        expected.append(rules.Finding("below_minimum"))
    if high is not None and high < value:
        expected.append(rules.Finding("above_maximum"))
    for r in relations:
        other = values.get(r.indicator)
        if other is not None and not holds[r.operator](value, other):
            expected.append(rules.Finding("relation_broken", r))
    assert found == expected

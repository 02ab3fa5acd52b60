"""The review-age rule (issue 19, "Content and workflow": "Offers not reviewed for a
configurable time are flagged to their KI, then hidden from the public"), with expected values
computed another way than the code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.guide import rules

DAYS = st.integers(1, 2000)
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))


@st.composite
def thresholds(draw: st.DrawFn) -> tuple[int, int]:
    flag = draw(DAYS)
    return flag, draw(st.integers(flag, 3000))


@given(DATES, st.integers(-400, 4000), thresholds())
def test_it_is_due_then_hidden_by_the_days_since_the_review(
    today: date, age: int, days: tuple[int, int]
) -> None:
    flag, hide = days
    state = rules.review_state(today - timedelta(days=age), today, flag, hide)
    expected = "hidden" if age >= hide else "due" if age >= flag else "current"
    assert state == expected


@given(DATES, DATES, thresholds())
def test_the_cutoffs_say_the_same_as_the_rule(
    reviewed: date, today: date, days: tuple[int, int]
) -> None:
    """The queries compare dates with the cutoffs; the pages show `review_state`."""
    flag, hide = days
    state = rules.review_state(reviewed, today, flag, hide)
    assert (state == "hidden") == (reviewed <= rules.review_cutoff(today, hide))
    assert (state != "current") == (reviewed <= rules.review_cutoff(today, flag))


@given(DATES, DATES, thresholds())
def test_a_later_review_is_never_in_a_worse_state(
    reviewed: date, today: date, days: tuple[int, int]
) -> None:
    order = {"current": 0, "due": 1, "hidden": 2}
    earlier = rules.review_state(reviewed, today, *days)
    later = rules.review_state(reviewed + timedelta(days=1), today, *days)
    assert order[later] <= order[earlier]


def test_it_calls_an_offer_never_reviewed_due_not_hidden() -> None:
    assert rules.review_state(None, date(2026, 12, 1), 180, 365) == "due"


@pytest.mark.parametrize(("flag", "hide"), [(0, 365), (200, 100), (-1, 5)])
def test_it_refuses_thresholds_out_of_order(flag: int, hide: int) -> None:
    with pytest.raises(ValueError):
        rules.review_state(date(2026, 1, 1), date(2026, 12, 1), flag, hide)

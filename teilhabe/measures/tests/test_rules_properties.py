"""The measures' pure rules (rules.py): the 70 % signature rule, the yearly project's due date,
and the period test the figures run in SQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teilhabe.measures import rules

members = st.integers(min_value=1, max_value=100_000)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@given(members, st.data())
def test_seventy_percent_is_exact_in_whole_numbers(m: int, data: st.DataObject) -> None:
    s = data.draw(st.integers(min_value=0, max_value=m))
    assert rules.signature_share_sufficient(s, m) == (Decimal(s) / Decimal(m) >= Decimal("0.7"))
    share = rules.signature_share(s, m)
    assert Decimal(0) <= share <= Decimal(1)
    # The share shown never rounds up past the line.
    if not rules.signature_share_sufficient(s, m):
        assert share < rules.SIGNATURE_SHARE_REQUIRED


@pytest.mark.parametrize(
    ("signatures", "members", "enough"),
    [(70, 100, True), (69, 100, False), (7, 10, True), (699, 1000, False), (1, 1, True)],
)
def test_the_line_itself(signatures: int, members: int, enough: bool) -> None:
    assert rules.signature_share_sufficient(signatures, members) is enough


def test_impossible_counts_are_never_enough() -> None:
    assert not rules.signature_share_sufficient(5, 0)
    assert not rules.signature_share_sufficient(11, 10)
    assert not rules.signature_share_sufficient(-1, 10)
    with pytest.raises(ValueError):
        rules.signature_share(11, 10)


@given(days)
def test_one_year_after_is_a_year_later_or_the_28th(day: date) -> None:
    later = rules.one_year_after(day)
    assert later.year == day.year + 1
    assert (later.month, later.day) == (day.month, day.day) or (day.month, day.day) == (2, 29)
    assert 365 <= (later - day).days <= 366


@given(days, st.lists(days, max_size=6), days)
def test_a_project_within_a_year_keeps_the_school_in_time(
    title: date, projects: list[date], today: date
) -> None:
    due = rules.project_due_on(title, projects)
    counted = [d for d in projects if d >= title]
    assert due == rules.one_year_after(max([title, *counted]))
    assert rules.project_overdue(title, projects, today=today) == (today > due)
    # A new project today (after the title) is never overdue today.
    if today >= title:
        assert not rules.project_overdue(title, [*projects, today], today=today)


def test_a_school_that_left_is_never_reminded() -> None:
    title = date(2020, 5, 1)
    assert rules.project_overdue(title, [], today=date(2026, 1, 1))
    assert not rules.project_overdue(title, [], today=date(2026, 1, 1), left_on=date(2025, 1, 1))
    assert rules.project_overdue(title, [], today=date(2026, 1, 1), left_on=date(2026, 6, 1))


def test_the_due_date_in_words() -> None:
    # Title 15.3.2025, project 10.2.2026: due 10.2.2027; a leap day moves to the 28th.
    assert rules.project_due_on(date(2025, 3, 15), [date(2026, 2, 10)]) == date(2027, 2, 10)
    assert rules.project_due_on(date(2024, 2, 29), []) == date(2025, 2, 28)
    # A project before the title does not count.
    assert rules.project_due_on(date(2025, 3, 15), [date(2024, 1, 1)]) == date(2026, 3, 15)


@given(days, st.one_of(st.none(), days), days, days)
def test_overlap_is_sharing_a_day(starts_on: date, ends_on: date | None, a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    if ends_on is not None and ends_on < starts_on:
        starts_on, ends_on = ends_on, starts_on
    span = (end - start).days
    shared = any(
        rules.member_on(starts_on, None, start + timedelta(days=i))
        and (ends_on is None or start + timedelta(days=i) <= ends_on)
        for i in range(min(span, 400) + 1)
    )
    if span <= 400:
        assert rules.overlaps(starts_on, ends_on, start, end) == shared


@given(days, days)
def test_membership_runs_from_the_title_to_the_day_before_leaving(title: date, day: date) -> None:
    assert rules.member_on(title, None, day) == (day >= title)
    assert not rules.member_on(title, day, day)


def test_periods_and_their_bounds() -> None:
    assert rules.periods_of_year(2026) == [
        (date(2026, 1, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 12, 31)),
    ]
    start, end = rules.clamp_period(date(1900, 1, 1), date(9999, 12, 31))
    assert (end - start).days == 366 * 20
    with pytest.raises(ValueError):
        rules.clamp_period(date(2026, 2, 1), date(2026, 1, 1))

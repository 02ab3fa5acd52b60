"""Properties of the interest rule, against a day-by-day oracle (`oracles.day_by_day`).

Monotone in time and amount holds because every rate of the seeded table plus 3 points is
positive (the lowest base rate is -0,88 %: 2,12 %); the ministry may enter rates down to -10 %,
and below -3 % interest would fall with time: the monotony tests use the seeded table only."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from teilhabe.proofs.data.base_rates import RATES
from teilhabe.proofs.interest import Rate, interest

from .oracles import day_by_day

TABLE = [Rate(day, rate) for day, rate in RATES]
FIRST, LAST = date(2011, 12, 31), date(2026, 6, 30)  # start may be the day before the table

amounts = st.integers(min_value=1, max_value=10_000_000_000).map(lambda c: Decimal(c) / 100)
days = st.dates(min_value=FIRST, max_value=LAST)


@st.composite
def periods(draw, max_days=6000):
    start = draw(days)
    length = draw(st.integers(min_value=0, max_value=min(max_days, (LAST - start).days)))
    return start, start + timedelta(days=length)


@settings(max_examples=150, deadline=None)
@given(amounts, periods(max_days=800))
def test_it_equals_the_day_by_day_sum_and_rounds_once(amount, period):
    start, until = period
    result = interest(amount, start, until, TABLE)
    assert result.exact == day_by_day(amount, start, until, TABLE)
    assert abs(Fraction(result.interest) - result.exact) <= Fraction(1, 200)
    assert sum(s.exact for s in result.segments) == result.exact


@settings(max_examples=150, deadline=None)
@given(amounts, periods())
def test_segments_cover_every_day_once_and_split_only_where_the_rate_changes(amount, period):
    start, until = period
    segments = interest(amount, start, until, TABLE).segments
    assert sum(s.days for s in segments) == (until - start).days
    if segments:
        assert segments[0].first == start + timedelta(days=1) and segments[-1].last == until
    for a, b in itertools.pairwise(segments):
        assert b.first == a.last + timedelta(days=1)
        assert a.base_rate != b.base_rate  # a repeated rate does not split
        assert b.first.day == 1 and b.first.month in (1, 7)  # changes fall on half-year starts
    for s in segments:
        assert s.days == (s.last - s.first).days + 1 and s.rate == s.base_rate + 3


@settings(max_examples=150, deadline=None)
@given(amounts, days, st.data())
def test_it_is_additive_across_periods(amount, d0, data):
    d1 = data.draw(st.dates(min_value=d0, max_value=LAST))
    d2 = data.draw(st.dates(min_value=d1, max_value=LAST))
    whole = interest(amount, d0, d2, TABLE).exact
    assert whole == interest(amount, d0, d1, TABLE).exact + interest(amount, d1, d2, TABLE).exact


@settings(max_examples=150, deadline=None)
@given(amounts, days, st.data())
def test_it_grows_with_time(amount, start, data):
    u1 = data.draw(st.dates(min_value=start, max_value=LAST))
    u2 = data.draw(st.dates(min_value=u1, max_value=LAST))
    shorter, longer = interest(amount, start, u1, TABLE), interest(amount, start, u2, TABLE)
    assert shorter.exact <= longer.exact and shorter.interest <= longer.interest
    earlier = data.draw(st.dates(min_value=FIRST, max_value=start))
    assert interest(amount, earlier, u1, TABLE).exact >= shorter.exact


@settings(max_examples=150, deadline=None)
@given(amounts, amounts, periods())
def test_it_grows_with_the_amount(a, b, period):
    small, large = sorted([a, b])
    lo, hi = interest(small, *period, TABLE), interest(large, *period, TABLE)
    assert lo.exact <= hi.exact and lo.interest <= hi.interest


@settings(max_examples=150, deadline=None)
@given(amounts, st.integers(min_value=1, max_value=10), periods())
def test_it_is_proportional_to_the_amount(amount, k, period):
    if amount * k > Decimal("100000000.00"):
        amount = Decimal("1.00")
    assert interest(amount * k, *period, TABLE).exact == k * interest(amount, *period, TABLE).exact


@settings(max_examples=100, deadline=None)
@given(amounts, days)
def test_zero_days_earn_zero(amount, day):
    result = interest(amount, day, day, TABLE)
    assert result.exact == 0 and result.interest == Decimal("0.00") and result.segments == ()


@st.composite
def tables(draw):
    """A table of consecutive half-years from 2001 on with rates between -3 and +20."""
    count = draw(st.integers(min_value=1, max_value=30))
    rates = draw(
        st.lists(
            st.integers(min_value=-300, max_value=2000).map(lambda c: Decimal(c) / 100),
            min_size=count,
            max_size=count,
        )
    )
    return [Rate(date(2001 + i // 2, 1 + 6 * (i % 2), 1), r) for i, r in enumerate(rates)]


@settings(max_examples=100, deadline=None)
@given(tables(), amounts, st.data())
def test_any_table_gives_the_day_by_day_sum(table, amount, data):
    last = table[-1].valid_from
    end = date(last.year, 6, 30) if last.month == 1 else date(last.year, 12, 31)
    start = data.draw(st.dates(min_value=date(2000, 12, 31), max_value=end))
    until = data.draw(st.dates(min_value=start, max_value=min(end, start + timedelta(days=900))))
    assert interest(amount, start, until, table).exact == day_by_day(amount, start, until, table)

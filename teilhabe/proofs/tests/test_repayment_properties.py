"""Properties of the repayment rules (`proofs.repayment`), on the seeded base-rate table.

The amount: zero when nothing is to be repaid, monotone in what was paid and what is eligible.
The interest: additive across periods (a range split in two sums to the whole, exactly before
rounding and within the one cent of two roundings after), and receipts never raise it.
§ 49a (4): zero when the funds were used in time, monotone in the day of use and the amount,
additive in the amount."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from teilhabe.proofs.data.base_rates import RATES
from teilhabe.proofs.interest import Rate
from teilhabe.proofs.repayment import (
    interest_on,
    late_use_interest,
    months_later,
    repayment_amount,
    schedule,
    two_months_days,
)

from .oracles import day_by_day

TABLE = [Rate(day, rate) for day, rate in RATES]
FIRST, LAST = date(2012, 1, 1), date(2026, 6, 30)

money = st.integers(min_value=0, max_value=10_000_000_000).map(lambda c: Decimal(c) / 100)
positive = st.integers(min_value=1, max_value=10_000_000_000).map(lambda c: Decimal(c) / 100)
days = st.dates(min_value=FIRST, max_value=LAST)
CENT = Decimal("0.01")


@given(money, money)
def test_the_amount_is_paid_less_eligible_never_negative(paid, eligible):
    amount = repayment_amount(paid, eligible)
    assert amount >= 0
    assert amount == (paid - eligible if paid > eligible else 0)
    if paid <= eligible:
        assert amount == 0  # nothing to repay


@given(money, money, money)
def test_the_amount_is_monotone_in_paid_and_eligible(paid, eligible, more):
    assert repayment_amount(paid + more, eligible) >= repayment_amount(paid, eligible)
    assert repayment_amount(paid, eligible + more) <= repayment_amount(paid, eligible)


@st.composite
def three_days(draw):
    d0, d1, d2 = sorted(draw(st.lists(days, min_size=3, max_size=3)))
    return d0, d1, d2


@settings(max_examples=150, deadline=None)
@given(positive, three_days())
def test_interest_is_additive_across_periods(amount, ds):
    d0, d1, d2 = ds
    whole = interest_on(amount, d0, d2, TABLE)
    first, second = interest_on(amount, d0, d1, TABLE), interest_on(amount, d1, d2, TABLE)
    assert first.exact + second.exact == whole.exact == day_by_day(amount, d0, d2, TABLE)
    assert abs(first.interest + second.interest - whole.interest) <= CENT


@settings(max_examples=100, deadline=None)
@given(positive, three_days(), st.integers(min_value=1, max_value=100))
def test_a_receipt_never_raises_the_interest(principal, ds, percent):
    start, paid_on, until = ds
    part = (principal * percent / 100).quantize(CENT)
    assume(part > 0)
    with_receipt = schedule(principal, start, [(paid_on, part)], TABLE, until=until)
    without = schedule(principal, start, [], TABLE, until=until)
    accrued = sum((p.interest for p in with_receipt.periods), Decimal(0))
    assert accrued <= without.periods[0].interest + CENT if without.periods else accrued == 0


@settings(max_examples=100, deadline=None)
@given(positive, three_days())
def test_paying_what_is_owed_settles_it(principal, ds):
    start, first, second = ds
    half = (principal / 2).quantize(CENT)
    assume(half > 0)
    partly = schedule(principal, start, [(first, half)], TABLE)
    rest = schedule(principal, start, [(first, half)], TABLE, until=second)
    final = (
        rest.principal_open
        + rest.interest_open
        + sum((p.interest for p in rest.periods if p.receipt is None), Decimal(0))
    )
    settled = schedule(principal, start, [(first, half), (second, final)], TABLE)
    assert partly.received == half
    assert settled.principal_open == 0 and settled.interest_open == 0


@settings(max_examples=100, deadline=None)
@given(positive, days, st.integers(min_value=0, max_value=366), st.integers(0, 2000))
def test_late_use_is_zero_when_used_in_time(amount, paid_on, permitted, after):
    used_on = paid_on + timedelta(days=min(after, permitted))
    assume(used_on <= LAST)
    assert late_use_interest(amount, paid_on, used_on, permitted, TABLE).interest == 0


@settings(max_examples=100, deadline=None)
@given(positive, days, st.integers(0, 366), st.integers(0, 1500), st.integers(0, 500))
def test_late_use_is_monotone_in_the_day_of_use(amount, paid_on, permitted, after, later):
    used_on = paid_on + timedelta(days=after)
    assume(used_on + timedelta(days=later) <= LAST)
    early = late_use_interest(amount, paid_on, used_on, permitted, TABLE)
    late = late_use_interest(amount, paid_on, used_on + timedelta(days=later), permitted, TABLE)
    assert late.result.exact >= early.result.exact


@settings(max_examples=100, deadline=None)
@given(positive, positive, days, st.integers(0, 366), st.integers(0, 1500))
def test_late_use_is_monotone_and_additive_in_the_amount(a, b, paid_on, permitted, after):
    used_on = paid_on + timedelta(days=after)
    assume(used_on <= LAST and a + b <= Decimal("100000000.00"))
    one = late_use_interest(a, paid_on, used_on, permitted, TABLE).result
    other = late_use_interest(b, paid_on, used_on, permitted, TABLE).result
    both = late_use_interest(a + b, paid_on, used_on, permitted, TABLE).result
    assert both.exact == one.exact + other.exact
    assert both.exact >= one.exact
    assert abs(both.interest - one.interest - other.interest) <= CENT


def test_late_use_beyond_the_time_counts_from_the_payment():
    # 100.000,00 paid 15.01.2025, used 15.05.2025, two months permitted (59 days): late; the
    # interest runs from the day after payment: 16.01.–30.06.2025 at 2,27 + 3 = 5,27 %
    permitted = two_months_days(date(2025, 1, 15))
    assert permitted == 59
    late = late_use_interest(
        Decimal("100000.00"), date(2025, 1, 15), date(2025, 5, 15), permitted, TABLE
    )
    assert late.late
    assert late.result.segments[0].days == 120
    # 100.000 * 0,0527 * 120 / 365 = 1.732,6027…
    assert late.interest == Decimal("1732.60")
    in_time = late_use_interest(
        Decimal("100000.00"), date(2025, 1, 15), date(2025, 3, 15), permitted, TABLE
    )
    assert not in_time.late and in_time.interest == 0


def test_two_months_end_on_the_last_day_of_a_shorter_month():
    assert months_later(date(2024, 12, 31), 2) == date(2025, 2, 28)
    assert months_later(date(2023, 12, 31), 2) == date(2024, 2, 29)

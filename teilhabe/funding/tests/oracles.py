"""Expected values computed another way than the code under test, for the property tests.

The code counts whole months with `calendar.monthrange` and date comparisons per month
(`rules.period_months`, `ApplicationPosition.months_in`); here every day of the year is walked
and a month counts when each of its days lies in the period. Slow and plainly right.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction


def whole_months(year: int, start: date | None, end: date | None) -> int:
    """The months of `year` of which every day lies in start..end (None: open on that side)."""
    covered: dict[int, bool] = {}
    day = date(year, 1, 1)
    while day.year == year:
        inside = (start is None or start <= day) and (end is None or day <= end)
        covered[day.month] = covered.get(day.month, True) and inside
        day += timedelta(days=1)
    return sum(covered.values())


def at_most_half_a_cent_above(amount: Decimal, exact: Fraction) -> bool:
    """`amount`, rounded to the cent, is no more than the exact value plus half a cent."""
    return Fraction(amount) <= exact + Fraction(1, 200)

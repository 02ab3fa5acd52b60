"""Expected interest computed another way than `interest.interest`: every day of the period is
walked, its base rate looked up by scanning the table, and its interest added one by one (the
code under test counts days per segment and splits at rate changes). Slow and plainly right."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from teilhabe.proofs.interest import Rate


def rate_on(day: date, rates: list[Rate]) -> Decimal:
    """The base rate of the latest entry on or before `day`."""
    found = None
    for r in rates:
        if r.valid_from <= day and (found is None or r.valid_from > found.valid_from):
            found = r
    assert found is not None, day
    return found.rate


def day_by_day(amount: Decimal, start: date, until: date, rates: list[Rate]) -> Fraction:
    total = Fraction(0)
    day = start + timedelta(days=1)  # § 187 (1) BGB: the day of the event does not count
    while day <= until:  # § 188 (1) BGB: the last day counts
        total += Fraction(amount) * (Fraction(rate_on(day, rates)) + 3) / 100 / 365
        day += timedelta(days=1)
    return total

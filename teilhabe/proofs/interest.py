"""Interest on a repayment under § 49a (3) VwVfG NRW: a pure function, no database.

"Der zu erstattende Betrag ist vom Eintritt der Unwirksamkeit des Verwaltungsaktes an mit drei
Prozentpunkten über dem Basiszinssatz jährlich zu verzinsen." The conventions
(docs/proof-of-use.md):

- **Days.** Interest runs from the day after `start` (the day the decision became ineffective, an
  event within a day: § 187 (1) BGB) through `until`, that day included (§ 188 (1) BGB). From
  15.03. to 15.04. are 31 days; `until == start` are none.
- **Rate.** Each day earns (base rate + 3 percentage points) of the amount, for a year: § 49a (3)
  says "jährlich", the base rate is that of § 247 BGB for the half-year the day lies in. Also
  where the base rate is negative (-0,88 % + 3 = 2,12 %).
- **Day count actual/365 (our assumption).** A day is 1/365 of a year, in a leap year too: the
  law says "jährlich" and names no day count. We take the year the BGB itself counts with,
  365 days (§ 191 BGB: "das Jahr zu 365 Tagen"), and count the actual days; so every day of the
  period earns the same, and a full calendar year earns the annual rate (a leap year one day
  more), never less. 30/360 (the commercial "German" method) would count days unequally,
  actual/actual would make a day of a leap year cheaper than any other.
- **Segments** split the period at every change of the base rate (a 1 January or 1 July whose rate
  differs from the one before), and only there: half-years that repeat the rate stay one segment.
  Each keeps its interest unrounded (exact, as a fraction).
- **Rounding.** The exact sum is rounded half up to the cent once (the segments' shown cents need
  not add up to it).

`interest(amount, start, until, rates)` raises a ValidationError whose codes are stable:
`invalid_amount`, `invalid_date`, `until_before_from`, `no_base_rate` (naming the first day the
table does not cover).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# § 49a (3) Satz 1 VwVfG NRW: three percentage points above the base rate.
SURCHARGE = Decimal("3.00")
DAYS_PER_YEAR = 365
CITATION = "§ 49a Abs. 3 VwVfG NRW i. V. m. § 247 BGB; Fristen nach §§ 187 Abs. 1, 188 Abs. 1 BGB"

# Bounds of the input (issue 16: no input holds a worker; also the calculator's promise).
MAX_AMOUNT = Decimal("100000000.00")
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rate:
    """A base rate (§ 247 BGB) in percent, valid from `valid_from` (a 1 January or 1 July)."""

    valid_from: date
    rate: Decimal


@dataclass(frozen=True)
class Segment:
    """Days `first` through `last` (both earn interest) at one base rate."""

    first: date
    last: date
    days: int
    base_rate: Decimal
    rate: Decimal  # base rate + 3 points, in percent a year
    exact: Fraction  # unrounded

    @property
    def interest(self) -> Decimal:
        """The segment's interest rounded half up to the cent (for showing only)."""
        return round_cents(self.exact)


@dataclass(frozen=True)
class Result:
    interest: Decimal  # the exact sum, rounded half up to the cent once
    exact: Fraction
    segments: tuple[Segment, ...]


def round_cents(value: Fraction) -> Decimal:
    """Half up to the cent, exactly (a half cent away from zero, as ROUND_HALF_UP does)."""
    cents = abs(value) * 100
    whole, rest = divmod(cents.numerator, cents.denominator)
    if 2 * rest >= cents.denominator:
        whole += 1
    sign = -1 if value < 0 else 1
    return (Decimal(sign * whole) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def half_year_end(day: date) -> date:
    """The last day of the half-year `day` lies in (30 June or 31 December)."""
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


def is_half_year_start(day: date) -> bool:
    return day.day == 1 and day.month in (1, 7)


def _error(field: str, message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _german(day: date) -> str:
    return date_format(day, "d.m.Y")


def invalid_amount() -> ValidationError:
    return _error(
        "amount",
        _("Enter an amount of more than 0 and at most 100.000.000,00 euros, in whole cents."),
        "invalid_amount",
    )


def check_amount(amount: Decimal) -> ValidationError | None:
    """`invalid_amount` unless 0 < amount ≤ 100.000.000,00 in whole cents."""
    if (
        not isinstance(amount, Decimal)
        or not amount.is_finite()
        or amount <= 0
        or amount > MAX_AMOUNT
        or amount != amount.quantize(CENT)
    ):
        return invalid_amount()
    return None


def check_day(day: date, field: str) -> ValidationError | None:
    """`invalid_date` outside 01.01.2000–31.12.2100."""
    if not isinstance(day, date) or not FIRST_DAY <= day <= LAST_DAY:
        return _error(field, _("Enter a date between 01.01.2000 and 31.12.2100."), "invalid_date")
    return None


def covered_until(rates: Sequence[Rate]) -> date | None:
    """The last day the table covers: the last rate holds for its own half-year only."""
    return half_year_end(max(r.valid_from for r in rates)) if rates else None


def interest(amount: Decimal, start: date, until: date, rates: Iterable[Rate]) -> Result:
    """The interest on `amount` for the days after `start` through `until` (module docstring)."""
    problems = [
        e
        for e in (check_amount(amount), check_day(start, "from"), check_day(until, "until"))
        if e is not None
    ]
    if not problems and until < start:
        problems.append(
            _error(
                "until",
                _("The end date must not lie before the start date."),
                "until_before_from",
            )
        )
    if problems:
        merged: dict[str, list[ValidationError]] = {}
        for p in problems:
            for field, errors in p.error_dict.items():
                merged.setdefault(field, []).extend(errors)
        raise ValidationError(merged)

    table = sorted(rates, key=lambda r: r.valid_from)
    if until == start:
        return Result(Decimal("0.00"), Fraction(0), ())
    first, last = start + timedelta(days=1), until
    starts = [r.valid_from for r in table]
    end_of_table = covered_until(table)
    if not table or first < starts[0]:
        raise _no_rate("from", first)
    assert end_of_table is not None
    if last > end_of_table:
        raise _no_rate("until", end_of_table + timedelta(days=1))

    segments = []
    day = first
    index = bisect.bisect_right(starts, first) - 1
    while day <= last:
        base = table[index].rate
        # A segment runs until the base rate changes: entries that repeat the rate (-0,88 %
        # from 01.07.2016 through 31.12.2022) do not split it.
        index += 1
        while index < len(table) and table[index].rate == base:
            index += 1
        change = starts[index] if index < len(starts) else None
        seg_last = min(last, change - timedelta(days=1)) if change else last
        days = (seg_last - day).days + 1
        rate = base + SURCHARGE
        exact = Fraction(amount) * Fraction(rate) * days / (100 * DAYS_PER_YEAR)
        segments.append(Segment(day, seg_last, days, base, rate, exact))
        day = seg_last + timedelta(days=1)
    total = sum((s.exact for s in segments), Fraction(0))
    return Result(round_cents(total), total, tuple(segments))


def _no_rate(field: str, day: date) -> ValidationError:
    return _error(
        field,
        _("The base-rate table has no rate for %(day)s: interest cannot be computed."),
        "no_base_rate",
        day=_german(day),
    )

"""The repayment of a grant, as pure rules (no database): amount, interest, late use.

- **Amount** (§ 49 (3), § 49a (1) VwVfG NRW): what was paid for a funding year beyond what the
  check of the proof of use found eligible, `paid - eligible`, never negative; nothing to repay
  means no repayment.
- **Interest** (§ 49a (3) Satz 1 VwVfG NRW): 3 percentage points above the base rate (§ 247 BGB)
  a year from the day the decision became ineffective until the day of repayment, computed by
  `proofs.interest` (split at every base-rate change, actual/365, rounded once per period).
  Where the KI pays in parts, each receipt ends a period: the interest on the principal then
  open is booked with it, and the receipt goes to the interest first, then the principal
  (§ 367 (1) BGB by analogy, as repayment decisions state it); the booked interest earns no
  interest (§ 289 Satz 1 BGB). `schedule` walks the receipts so.
- **Late use** (§ 49a (4) VwVfG NRW, an option): funds not used for their purpose "alsbald"
  after payment may be charged interest at the same rate for the time from payment until their
  use. Nr. 1.4 ANBest-G lets a KI call funds only as far as it needs them within two months of
  payment, so we read "alsbald" as within two months (BVerwG, 26.06.2002, 8 C 30.01: "alsbald"
  means shortly after; an assumption where a decision says otherwise, the officer enters the
  permitted days). Within the permitted time nothing is due; beyond it, interest for the whole
  time from payment to use, as § 49a (4) Satz 1 says ("für die Zeit bis zur zweckentsprechenden
  Verwendung").
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import interest
from .interest import Rate, Result

ZERO = Decimal("0.00")
CITATIONS = (
    "§ 49 Abs. 3 VwVfG NRW",
    "§ 49a Abs. 1 VwVfG NRW",
    "§ 49a Abs. 3 VwVfG NRW",
    "§ 247 BGB",
)
LATE_USE_CITATION = "§ 49a Abs. 4 VwVfG NRW i. V. m. Nr. 1.4 ANBest-G"
MAX_PERMITTED_DAYS = 366
NO_INTEREST = Result(ZERO, Fraction(0), ())


def _error(field: str, message: object, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})  # type: ignore[arg-type]


def repayment_amount(paid: Decimal, eligible: Decimal) -> Decimal:
    """What is to be repaid: `paid - eligible`, never below 0 (nothing to repay is 0)."""
    if paid < 0:
        raise _error("paid", _("The amount must not be negative."), "negative_amount")
    if eligible < 0:
        raise _error("eligible", _("The amount must not be negative."), "negative_amount")
    return max(ZERO, paid - eligible).quantize(interest.CENT)


def interest_on(amount: Decimal, after: date, until: date, rates: Iterable[Rate]) -> Result:
    """§ 49a (3) interest on `amount` for the days after `after` through `until`; none on 0."""
    if amount == 0:
        return NO_INTEREST
    return interest.interest(amount, after, until, rates)


@dataclass(frozen=True)
class Period:
    """Interest on the principal open from the day after `after` through `until`."""

    after: date
    until: date
    principal: Decimal
    result: Result
    receipt: Decimal | None  # what was received on `until` (None: accruing, nothing received)

    @property
    def interest(self) -> Decimal:
        return self.result.interest


@dataclass(frozen=True)
class Schedule:
    periods: tuple[Period, ...]
    interest: Decimal  # every period's interest, each rounded once
    received: Decimal
    principal_open: Decimal
    interest_open: Decimal

    @property
    def open(self) -> Decimal:
        return self.principal_open + self.interest_open


def schedule(
    principal: Decimal,
    start: date,
    receipts: Sequence[tuple[date, Decimal]],
    rates: Sequence[Rate],
    *,
    until: date | None = None,
    interest_due: Decimal = ZERO,
) -> Schedule:
    """The receipts of a repayment in their order of days, each booking the interest on the
    principal open since the period before it (§ 49a (3)) and then going to the interest first
    (§ 367 (1) BGB); with `until`, a last period of interest accruing on what is still open.
    `interest_due` is interest due from the start (§ 49a (4)), credited first like the rest."""
    periods = []
    booked = interest_due
    received = ZERO
    after = start
    for day, amount in receipts:
        open_principal = principal - max(ZERO, received - booked)
        result = interest_on(open_principal, after, day, rates)
        booked += result.interest
        received += amount
        periods.append(Period(after, day, open_principal, result, amount))
        after = day
    open_principal = principal - max(ZERO, received - booked)
    if until is not None and until > after and open_principal > 0:
        result = interest_on(open_principal, after, until, rates)
        periods.append(Period(after, until, open_principal, result, None))
    return Schedule(
        periods=tuple(periods),
        interest=booked,
        received=received,
        principal_open=open_principal,
        interest_open=max(ZERO, booked - received),
    )


# --- § 49a (4): funds not used within the permitted time -----------------------------------


def months_later(day: date, months: int) -> date:
    """The day `months` months after `day`; the month's last day where it is shorter (§ 188 (3)
    BGB: 31.12. + 2 months = 28./29.02.)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def two_months_days(paid_on: date) -> int:
    """The permitted days after a payment of `paid_on` under Nr. 1.4 ANBest-G: two months."""
    return (months_later(paid_on, 2) - paid_on).days


@dataclass(frozen=True)
class LateUse:
    amount: Decimal
    paid_on: date
    used_on: date
    permitted_days: int
    result: Result

    @property
    def late(self) -> bool:
        return bool(self.result.segments)

    @property
    def interest(self) -> Decimal:
        return self.result.interest


def late_use_interest(
    amount: Decimal, paid_on: date, used_on: date, permitted_days: int, rates: Iterable[Rate]
) -> LateUse:
    """§ 49a (4): nothing when `amount` paid on `paid_on` was used within `permitted_days`;
    else the interest of § 49a (3) for the days after `paid_on` through `used_on`.

    Refusals: `used_before_paid`, `invalid_days` (outside 0..366), and those of
    `interest.interest` (`invalid_amount`, `invalid_date`, `no_base_rate`)."""
    if not 0 <= permitted_days <= MAX_PERMITTED_DAYS:
        raise _error(
            "late_permitted_days",
            _("Enter between 0 and 366 days."),
            "invalid_days",
        )
    if used_on < paid_on:
        raise _error(
            "late_used_on",
            _("The funds cannot be used before they were paid."),
            "used_before_paid",
        )
    if (used_on - paid_on).days <= permitted_days:
        interest.interest(amount, paid_on, paid_on, [])  # the amount's checks all the same
        return LateUse(amount, paid_on, used_on, permitted_days, NO_INTEREST)
    return LateUse(
        amount, paid_on, used_on, permitted_days, interest.interest(amount, paid_on, used_on, rates)
    )

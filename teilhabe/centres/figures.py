"""The figure counted from the staff list for programme controlling (issue 18): the funded
positions filled, in full-time equivalents (FTE) as the monthly average over the period.
`read(start, end, centre_ids)` answers for all KIs (or the given ones) in one query (the staff
rows that overlap the period), averaged here: {centre id: Decimal with two places}.

The rule (docs/controlling.md, "Computed from H2 2026"):
- **Which staff** [assumption]: the staff list has no flag saying who is paid from the state
  grant. Counted are the categories the guideline funds as municipal positions (pedagogical and
  administrative specialists, the administrative assistant; domain.md, "The guideline"); the
  seconded teachers are the state's in-kind contribution and are not counted. A KI with
  municipal staff beyond its funded positions (paid by the district alone) is overstated.
- **Monthly average**: each calendar month of the period weighs the same; in a month a person
  counts with FTE times the share of the month's days (within the period) on which they were on
  the list (from `start_date` to `end_date`, both included); the period's value is the mean of
  its months, rounded half up to two places (`monthly_average`).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from teilhabe.core.registry import Figure

from .models import PositionCategory, StaffMember

FUNDED = (PositionCategory.PEDAGOGICAL, PositionCategory.ADMINISTRATIVE, PositionCategory.ASSISTANT)
CENT = Decimal("0.01")


def months(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar months of [start, end], each cut to the period's days."""
    out = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        first = max(start, date(year, month, 1))
        last = min(end, date(year, month, calendar.monthrange(year, month)[1]))
        out.append((first, last))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _days(a: date, b: date) -> int:
    return (b - a).days + 1


def monthly_average(
    staff: Iterable[tuple[Decimal, date, date | None]], start: date, end: date
) -> Fraction:
    """The mean over the period's months of the FTE on the list, each person with the share of
    the month's days they were on it (exact; see the module's docstring)."""
    spans = months(start, end)
    if not spans:
        return Fraction(0)
    total = Fraction(0)
    for fte, since, until in staff:
        for first, last in spans:
            a, b = max(first, since), min(last, until or last)
            if a <= b:
                total += Fraction(fte) * Fraction(_days(a, b), _days(first, last))
    return total / len(spans)


def as_fte(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, ROUND_HALF_UP)


def positions_filled(
    start: date, end: date, centre_ids: Collection[int] | None = None
) -> dict[int, Any]:
    """Funded positions filled, FTE as the monthly average over the period."""
    qs = StaffMember.objects.filter(
        Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start)),
        category__in=FUNDED,
    )
    if centre_ids is not None:
        qs = qs.filter(centre_id__in=list(centre_ids))
    by_centre: dict[int, list[tuple[Decimal, date, date | None]]] = defaultdict(list)
    for centre, fte, since, until in qs.order_by().values_list(
        "centre_id", "fte", "start_date", "end_date"
    ):
        by_centre[centre].append((fte, since, until))
    return {
        centre: value
        for centre, staff in by_centre.items()
        if (value := as_fte(monthly_average(staff, start, end)))
    }


FIGURES: tuple[Figure, ...] = (
    Figure("centres.positions_filled", _("funded positions filled (FTE, monthly average)"),
           _("FTE"), positions_filled,
           _("Full-time equivalents of the staff list's pedagogical and administrative "
             "specialists and assistants (not the seconded teachers), as the mean over the "
             "period's months.")),
)  # fmt: skip

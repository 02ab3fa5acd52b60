"""The rules of the measures, pure: which records fall into a period, when a school joins the
"Schule ohne Rassismus – Schule mit Courage" network and when its yearly project is due.

Sources:
- "Schule ohne Rassismus – Schule mit Courage": a school joins when at least 70 % of all who
  learn and work there (pupils, teachers, other staff) sign the self-commitment; it then takes
  on to run at least one project a year against discrimination, and has a patron.
  `../shared/domain.md` "The KIs' work" (programmes); the network's own conditions of
  membership (Bundeskoordination Schule ohne Rassismus – Schule mit Courage).
- The reminder when a year passes without a project: our reading of "one project a year" as
  "at most twelve months between the title (or the last project) and the next project"
  [assumption, docs/measures.md].
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

SIGNATURE_SHARE_REQUIRED = Decimal("0.70")  # at least 70 % of pupils and staff
SIGNATURE_PERCENT_REQUIRED = 70


def signature_share(signatures: int, members: int) -> Decimal:
    """The share of pupils and staff who signed, as a fraction rounded down to 4 places
    (0.6999 is not 70 %)."""
    if members <= 0:
        raise ValueError("a school has at least one member")
    if not 0 <= signatures <= members:
        raise ValueError("signatures must lie between 0 and the number of members")
    return (Decimal(signatures) / Decimal(members)).quantize(Decimal("0.0001"), "ROUND_DOWN")


def signature_share_sufficient(signatures: int, members: int) -> bool:
    """Whether at least 70 % signed: exact in whole numbers (`100 · s ≥ 70 · m`), no rounding."""
    if members <= 0 or not 0 <= signatures <= members:
        return False
    return signatures * 100 >= SIGNATURE_PERCENT_REQUIRED * members


def one_year_after(day: date) -> date:
    """The same day a year later; 29 February goes to 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def project_due_on(title_awarded_on: date, project_dates: Iterable[date]) -> date:
    """The day by which the school's next project is due: a year after the title or the latest
    project, whichever is later. A project dated before the title does not count."""
    latest = max((d for d in project_dates if d >= title_awarded_on), default=title_awarded_on)
    return one_year_after(latest)


def project_overdue(
    title_awarded_on: date,
    project_dates: Iterable[date],
    *,
    today: date,
    left_on: date | None = None,
) -> bool:
    """Whether a member school has gone a year without a project (a school that left is never
    overdue)."""
    if left_on is not None and left_on <= today:
        return False
    return today > project_due_on(title_awarded_on, project_dates)


def overlaps(starts_on: date, ends_on: date | None, start: date, end: date) -> bool:
    """Whether [starts_on, ends_on] (open-ended when None) shares a day with [start, end]; the
    same test `MeasureQuerySet.in_period` and `figures.py` run in SQL."""
    return starts_on <= end and (ends_on is None or ends_on >= start)


def member_on(title_awarded_on: date, left_on: date | None, day: date) -> bool:
    """Whether a school is a member on `day`: from the title's day until the day it left
    (exclusive)."""
    return title_awarded_on <= day and (left_on is None or left_on > day)


def periods_of_year(year: int) -> list[tuple[date, date]]:
    """The two half-years of a year, as controlling reports them."""
    return [
        (date(year, 1, 1), date(year, 6, 30)),
        (date(year, 7, 1), date(year, 12, 31)),
    ]


def clamp_period(start: date, end: date, *, max_days: int = 366 * 20) -> tuple[date, date]:
    """A reading period bounded before any query: reversed periods are refused, and one longer
    than twenty years is cut."""
    if end < start:
        raise ValueError("the period ends before it starts")
    if (end - start).days > max_days:
        end = start + timedelta(days=max_days)
    return start, end

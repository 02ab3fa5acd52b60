"""The application window of a funding year: stored rows first, else the default.

Source (domain.md): applications for a funding year are made online in the year before; for
2026 from 17.04.2025 to 31.10.2025. No source fixes the period for other years, so the default
repeats those dates — applications for year Y from 17 April to 31 October of Y-1 — an
ASSUMPTION (docs/funding.md); a row of `ApplicationWindow` replaces it for its year.
An application for several years is made in the window of its first year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from teilhabe.core.dates import german_date
from teilhabe.funding.models import ApplicationWindow

DEFAULT_OPENS = (4, 17)  # month, day in the year before the funding year
DEFAULT_CLOSES = (10, 31)


@dataclass(frozen=True)
class Window:
    year: int
    opens_on: date
    closes_on: date
    stored: bool  # False: the documented default

    def is_open(self, on: date) -> bool:
        return self.opens_on <= on <= self.closes_on

    @property
    def label(self) -> str:
        return f"{german_date(self.opens_on)} – {german_date(self.closes_on)}"


def default_window(year: int) -> Window:
    return Window(
        year=year,
        opens_on=date(year - 1, *DEFAULT_OPENS),
        closes_on=date(year - 1, *DEFAULT_CLOSES),
        stored=False,
    )


def windows_of(years: Iterable[int]) -> list[Window]:
    """The window of each year, the stored ones read in one query, in the order given."""
    years = list(years)
    stored = {row.year: row for row in ApplicationWindow.objects.filter(year__in=years)}
    return [
        Window(year=y, opens_on=stored[y].opens_on, closes_on=stored[y].closes_on, stored=True)
        if y in stored
        else default_window(y)
        for y in years
    ]


def window_for(year: int) -> Window:
    return windows_of([year])[0]


def open_windows(on: date) -> list[Window]:
    """The funding years whose window is open on `on`, earliest first."""
    candidates = set(range(on.year - 1, on.year + 3))
    candidates |= set(
        ApplicationWindow.objects.filter(opens_on__lte=on, closes_on__gte=on).values_list(
            "year", flat=True
        )
    )
    return [w for w in windows_of(sorted(candidates)) if w.is_open(on)]


def next_window(on: date) -> Window | None:
    """The next window to open after `on` (for the page when none is open)."""
    later = [w for w in windows_of(range(on.year, on.year + 3)) if w.opens_on > on]
    return min(later, key=lambda w: w.opens_on, default=None)


def check_open(first_year: int, on: date) -> None:
    """Refuse an application whose first year's window is closed or not yet open."""
    window = window_for(first_year)
    params = {
        "year": first_year,
        "opens": german_date(window.opens_on),
        "closes": german_date(window.closes_on),
    }
    if on > window.closes_on:
        raise ValidationError(
            _(
                "Applications for %(year)s could be made from %(opens)s to %(closes)s; "
                "that period has ended."
            ),
            code="window_closed",
            params=params,
        )
    if on < window.opens_on:
        raise ValidationError(
            _("Applications for %(year)s can be made from %(opens)s to %(closes)s, not yet today."),
            code="window_not_open",
            params=params,
        )

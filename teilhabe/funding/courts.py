"""The administrative court competent for an action against a decision, by the grantee's seat.

The Bezirksregierung Arnsberg decides for the whole state, so its competence spans all seven
court districts; the court is then the one in whose district the grantee has its seat (§ 52
Nr. 3 Satz 2 VwGO). Which district belongs to which court: § 17 JustG NRW, kept as data in
`data/administrative_courts.csv` (sources: data/SOURCES.md). The City of Aachen (05334002) lies
in the Städteregion Aachen (05334), so its first five digits find its court.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "administrative_courts.csv"


@dataclass(frozen=True)
class Court:
    name: str
    seat: str
    street: str  # empty where no source names it

    @property
    def address(self) -> str:
        """ "Verwaltungsgericht Münster, Piusallee 38, Münster"; without a known street
        "Verwaltungsgericht Arnsberg in Arnsberg"."""
        if self.street:
            return f"{self.name}, {self.street}, {self.seat}"
        return f"{self.name} in {self.seat}"


@cache
def courts_by_district() -> dict[str, Court]:
    with DATA.open(encoding="utf-8", newline="") as f:
        return {
            row["district_key"]: Court(row["court"], row["seat"], row["street"])
            for row in csv.DictReader(f)
        }


def court_for(grantee_key: str) -> Court:
    """The court for a grantee key (5-digit district key or the City of Aachen's 05334002)."""
    return courts_by_district()[grantee_key[:5]]

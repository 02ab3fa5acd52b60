"""The published base rates (§ 247 BGB) from 2012 on, as the seed migration enters them.

Source: Deutsche Bundesbank, "Basiszinssatz nach § 247 BGB" (its table of the rates, each
announced in the Bundesanzeiger). Which values were cross-checked here: SOURCES.md. No rate for
1 July 2026 is known: the ministry enters it once announced (services.add_base_rate).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

BUNDESBANK = (
    "Deutsche Bundesbank, Basiszinssatz nach § 247 BGB (Tabelle der Bundesbank; bekannt gemacht "
    "im Bundesanzeiger)"
)
CROSS_CHECKED = {
    date(2024, 1, 1): "; abgeglichen mit § 247 Abs. 1 Satz 1 BGB, Stand 01.02.2024: "
    "„Der Basiszinssatz beträgt 3,62 Prozent.“",
    date(2026, 1, 1): "; abgeglichen mit Berichten über die Bekanntgabe der Bundesbank "
    "(1,27 Prozent, unverändert zum 1. Januar 2026)",
}


def _rates() -> list[tuple[date, Decimal]]:
    rates = [
        (date(2012, 1, 1), "0.12"),
        (date(2012, 7, 1), "0.12"),
        (date(2013, 1, 1), "-0.13"),
        (date(2013, 7, 1), "-0.38"),
        (date(2014, 1, 1), "-0.63"),
        (date(2014, 7, 1), "-0.73"),
        (date(2015, 1, 1), "-0.83"),
        (date(2015, 7, 1), "-0.83"),
        (date(2016, 1, 1), "-0.83"),
        (date(2016, 7, 1), "-0.88"),
    ]
    # -0.88 on every 1 January and 1 July from 2017 up to and including 1 July 2022.
    rates += [(date(year, month, 1), "-0.88") for year in range(2017, 2023) for month in (1, 7)]
    rates += [
        (date(2023, 1, 1), "1.62"),
        (date(2023, 7, 1), "3.12"),
        (date(2024, 1, 1), "3.62"),
        (date(2024, 7, 1), "3.37"),
        (date(2025, 1, 1), "2.27"),
        (date(2025, 7, 1), "1.27"),
        (date(2026, 1, 1), "1.27"),
    ]
    return [(day, Decimal(rate)) for day, rate in rates]


RATES = _rates()


def source_of(day: date) -> str:
    return BUNDESBANK + CROSS_CHECKED.get(day, "")

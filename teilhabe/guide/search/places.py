"""Where a search is centred: a postcode (the state's postcode table,
`settings.GUIDE_POSTCODES_CSV`, read once per process) or a municipality key."""

from __future__ import annotations

import csv
import functools
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings

from teilhabe.territory.models import Municipality

MAX_POSTCODES = 20_000  # NRW has about 900; a larger file is not the postcode table


@functools.cache
def postcodes() -> dict[str, tuple[Decimal, Decimal]]:
    """Postcode → (lat, lon) of its first row; empty when the file is missing."""
    path = Path(settings.GUIDE_POSTCODES_CSV)
    table: dict[str, tuple[Decimal, Decimal]] = {}
    if not path.is_file():
        return table
    with path.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if i >= MAX_POSTCODES:
                break
            code = (row.get("postcode") or "").strip()
            try:
                point = (Decimal(row["lat"]), Decimal(row["lon"]))
            except (InvalidOperation, KeyError, TypeError):
                continue
            table.setdefault(code, point)
    return table


def of_postcode(code: str) -> tuple[Decimal, Decimal] | None:
    return postcodes().get(code)


def of_municipality(key: str) -> tuple[Decimal, Decimal] | None:
    row = Municipality.objects.filter(ags=key).values_list("lat", "lon").first()
    return (row[0], row[1]) if row is not None else None

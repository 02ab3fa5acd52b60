"""Where a search is centred: a postcode (the state's postcode table,
`settings.GUIDE_POSTCODES_CSV`, read once per process), a municipality key, or (the HTML
page's form) a town's name."""

from __future__ import annotations

import csv
import difflib
import functools
import unicodedata
from dataclasses import dataclass
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


MAX_PLACE_NAME = 100
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _folded(text: str) -> tuple[str, str]:
    """Two spellings-insensitive forms of a place name: umlauts written out ("muenster") and
    dropped ("munster"); case, accents, hyphens, commas and spaces do not count."""
    lower = " ".join(text.casefold().replace("-", " ").replace(",", " ").split())
    out = lower.translate(_UMLAUTS)
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", lower.replace("ß", "ss")) if c.isalnum()
    )
    return "".join(c for c in out if c.isalnum()), plain


@dataclass(frozen=True)
class Town:
    key: str  # the municipality's AGS
    name: str
    population: int
    lat: Decimal
    lon: Decimal


def _towns() -> tuple[dict[str, Town], list[tuple[str, Town]]]:
    """Every municipality by its folded names (short and official, and the places of the
    postcode table), and (folded name, town) to look for similar names in. One query."""
    by_key = {
        ags: Town(ags, short, population, lat, lon)
        for ags, short, population, lat, lon in Municipality.objects.values_list(
            "ags", "short_name", "population", "lat", "lon"
        )
    }
    names: dict[str, Town] = {}
    listed: list[tuple[str, Town]] = []
    for town in by_key.values():
        for form in _folded(town.name):
            names.setdefault(form, town)
        listed.append((_folded(town.name)[1], town))
    for place, key in _postcode_places().items():
        if key in by_key:
            for form in _folded(place):
                names.setdefault(form, by_key[key])
    return names, listed


@functools.cache
def _postcode_places() -> dict[str, str]:
    """Place names of the postcode table ("Emmerich", "Menden") → municipality key; a name
    found with two keys is left out."""
    path = Path(settings.GUIDE_POSTCODES_CSV)
    found: dict[str, set[str]] = {}
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if i >= MAX_POSTCODES:
                break
            place, key = (row.get("place") or "").strip(), (row.get("ags") or "").strip()
            if place and len(key) == 8:
                found.setdefault(place, set()).add(key)
    return {place: keys.pop() for place, keys in found.items() if len(keys) == 1}


def town_named(text: str) -> Town | None:
    """The municipality a visitor means by a typed name ("Herford", "münster", "MUENSTER",
    "Bad Salzuflen"), or None. Spelling of umlauts, case and hyphens do not matter."""
    if not text.strip() or len(text) > MAX_PLACE_NAME:
        return None
    names, _listed = _towns()
    for form in _folded(text):
        if form in names:
            return names[form]
    return None


def similar_towns(text: str, *, limit: int = 5) -> list[Town]:
    """Up to `limit` municipalities whose name starts with what was typed (the largest
    first), then those spelled alike ("Hereford": Herford): the "did you mean" of an unknown
    place."""
    plain = _folded(text[:MAX_PLACE_NAME])[1]
    if len(plain) < 2:
        return []
    _names, listed = _towns()
    starts = sorted(
        (t for form, t in listed if form.startswith(plain)), key=lambda t: -t.population
    )
    by_form = {form: t for form, t in listed}
    alike = [
        by_form[f] for f in difflib.get_close_matches(plain, list(by_form), n=limit, cutoff=0.75)
    ]
    ranked = list(dict.fromkeys([*starts, *alike]))
    return ranked[:limit]


@functools.cache
def _postcode_districts() -> dict[str, str]:
    path = Path(settings.GUIDE_POSTCODES_CSV)
    found: dict[str, str] = {}
    if not path.is_file():
        return found
    with path.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if i >= MAX_POSTCODES:
                break
            key = (row.get("ags") or "").strip()
            if len(key) == 8:
                found.setdefault((row.get("postcode") or "").strip(), key[:5])
    return found


def district_of_postcode(code: str) -> str | None:
    """The district key of a postcode's (first) municipality."""
    return _postcode_districts().get(code)

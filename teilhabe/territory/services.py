"""Loading the official territory (idempotent: loading twice changes nothing)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import District, DistrictKind, Grantee, Municipality, Regierungsbezirk

DATA_DIR = Path(__file__).resolve().parent / "data"
DISTRICTS_POPULATION_DATE = date(2019, 12, 31)
MUNICIPALITIES_POPULATION_DATE = date(2023, 12, 31)

# The City of Aachen: inside the Städteregion Aachen (05334), with the status of a kreisfreie
# Stadt and a KI of its own (see data/SOURCES.md).
AACHEN_CITY_KEY = "05334002"
AACHEN_CITY_NAME = "Aachen"


@dataclass(frozen=True)
class LoadResult:
    regierungsbezirke: int
    districts: int
    municipalities: int
    grantees: int
    created: int


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@transaction.atomic
def load_territory() -> LoadResult:
    """Create or update the Regierungsbezirke, 53 districts, 396 municipalities, 54 grantees.

    Reference data, not user data: it is not audited, and it only ever converges on the files.
    """
    created = 0
    district_rows = _rows("districts.csv")
    bezirke: dict[str, Regierungsbezirk] = {}
    for row in district_rows:
        key = row["key"][:3]
        if key not in bezirke:
            bezirk, was_created = Regierungsbezirk.objects.update_or_create(
                key=key, defaults={"name": row["regierungsbezirk"]}
            )
            bezirke[key] = bezirk
            created += was_created
    districts: dict[str, District] = {}
    for row in district_rows:
        district, was_created = District.objects.update_or_create(
            key=row["key"],
            defaults={
                "ars": row["ars"],
                "name": row["name"],
                "kind": DistrictKind(row["kind"]),
                "regierungsbezirk": bezirke[row["key"][:3]],
                "population": int(row["population_2019"]),
                "population_date": DISTRICTS_POPULATION_DATE,
            },
        )
        districts[district.key] = district
        created += was_created
        _, was_created = Grantee.objects.update_or_create(
            key=district.key,
            defaults={
                "name": district.name,
                "kind": district.kind,
                "district": district,
                "population": district.population,
                "population_date": district.population_date,
            },
        )
        created += was_created

    existing = {m.ags: m for m in Municipality.objects.all()}
    new: list[Municipality] = []
    for row in _rows("nrw-municipalities.csv"):
        values = {
            "ars": row["ars"],
            "name": row["name"],
            "short_name": row["short_name"],
            "kind": row["kind"],
            "district": districts[row["district_key"]],
            "population": int(row["population"]),
            "population_date": MUNICIPALITIES_POPULATION_DATE,
            "postcode": row["postcode"],
            "lat": Decimal(row["lat"]).quantize(Decimal("0.000001")),
            "lon": Decimal(row["lon"]).quantize(Decimal("0.000001")),
        }
        municipality = existing.get(row["ags"])
        if municipality is None:
            new.append(Municipality(ags=row["ags"], **values))
        elif any(getattr(municipality, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(municipality, k, v)
            municipality.save()
    Municipality.objects.bulk_create(new)
    created += len(new)

    aachen = Municipality.objects.get(ags=AACHEN_CITY_KEY)
    _, was_created = Grantee.objects.update_or_create(
        key=AACHEN_CITY_KEY,
        defaults={
            "name": AACHEN_CITY_NAME,
            "kind": DistrictKind.KREISFREIE_STADT,
            "district": aachen.district,
            "population": aachen.population,
            "population_date": aachen.population_date,
        },
    )
    created += was_created
    return LoadResult(
        regierungsbezirke=Regierungsbezirk.objects.count(),
        districts=District.objects.count(),
        municipalities=Municipality.objects.count(),
        grantees=Grantee.objects.count(),
        created=created,
    )

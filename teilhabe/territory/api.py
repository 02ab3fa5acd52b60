"""Public reads of the territory."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from teilhabe.core.http import etagged_json

from .models import District, DistrictKind

router = Router(tags=["territory"])


class DistrictOut(Schema):
    key: str
    ars: str
    name: str
    kind: DistrictKind
    regierungsbezirk: str
    population: int
    population_date: date


def _district(d: District) -> dict[str, object]:
    return {
        "key": d.key,
        "ars": d.ars,
        "name": d.name,
        "kind": d.kind,
        "regierungsbezirk": d.regierungsbezirk.name,
        "population": d.population,
        "population_date": d.population_date.isoformat(),
    }


@router.get("/districts", response=list[DistrictOut], auth=None, summary="The 53 districts")
def list_districts(request: HttpRequest, kind: DistrictKind | None = None) -> HttpResponse:
    """All Kreise and kreisfreie Städte of NRW with official key and population (31.12.2019).

    Sources: Destatis, dl-de/by-2-0. A bounded list of 53: not paginated.
    """
    districts = District.objects.select_related("regierungsbezirk").order_by("key")
    if kind:
        districts = districts.filter(kind=kind)
    return etagged_json(request, [_district(d) for d in districts], max_age=3600)


@router.get("/districts/{key}", response=DistrictOut, auth=None, summary="One district")
def get_district(request: HttpRequest, key: str) -> HttpResponse:
    district = get_object_or_404(District.objects.select_related("regierungsbezirk"), key=key)
    return etagged_json(request, _district(district), max_age=3600)

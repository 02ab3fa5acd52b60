"""The official territory: 5 Regierungsbezirke, 53 districts, 396 municipalities, 54 grantees."""

from __future__ import annotations

from teilhabe.centres.models import Centre
from teilhabe.territory.models import (
    District,
    DistrictKind,
    Grantee,
    Municipality,
    Regierungsbezirk,
)
from teilhabe.territory.services import load_territory


def test_it_loads_the_territory_once_and_then_changes_nothing(db: None) -> None:
    # The test database comes with the territory (see conftest): start from nothing here.
    Centre.objects.all().delete()
    Grantee.objects.all().delete()
    Municipality.objects.all().delete()
    District.objects.all().delete()
    Regierungsbezirk.objects.all().delete()
    first = load_territory()
    assert (first.regierungsbezirke, first.districts, first.municipalities, first.grantees) == (
        5,
        53,
        396,
        54,
    )
    assert first.created == 5 + 53 + 53 + 396 + 1
    second = load_territory()
    assert second.created == 0
    assert (second.regierungsbezirke, second.districts, second.municipalities, second.grantees) == (
        5,
        53,
        396,
        54,
    )


def test_it_puts_the_free_city_of_aachen_inside_the_staedteregion(territory: None) -> None:
    aachen = Grantee.objects.select_related("district").get(key="05334002")
    assert aachen.name == "Aachen"
    assert aachen.kind == DistrictKind.KREISFREIE_STADT
    assert aachen.district.key == "05334"
    assert aachen.district.kind == DistrictKind.KREIS
    assert aachen.population == Municipality.objects.get(ags="05334002").population


def test_it_gives_every_district_the_key_of_its_regierungsbezirk(territory: None) -> None:
    for district in District.objects.select_related("regierungsbezirk"):
        assert district.key.startswith(district.regierungsbezirk.key), district
        assert district.ars.startswith(district.key)
    assert sorted(Regierungsbezirk.objects.values_list("key", flat=True)) == [
        "051",
        "053",
        "055",
        "057",
        "059",
    ]


def test_it_files_every_municipality_under_its_district(territory: None) -> None:
    for municipality in Municipality.objects.select_related("district"):
        assert municipality.ags.startswith(municipality.district.key), municipality
        assert len(municipality.postcode) == 5 and municipality.postcode.isdigit()


def test_it_makes_one_grantee_per_district_plus_aachen(territory: None) -> None:
    district_keys = set(District.objects.values_list("key", flat=True))
    grantee_keys = set(Grantee.objects.values_list("key", flat=True))
    assert grantee_keys == district_keys | {"05334002"}


def test_it_repairs_a_changed_row_on_the_next_load(territory: None) -> None:
    District.objects.filter(key="05711").update(name="Bielefeld (wrong)", population=1)
    result = load_territory()
    assert result.created == 0
    bielefeld = District.objects.get(key="05711")
    assert (bielefeld.name, bielefeld.population) == ("Bielefeld", 334195)

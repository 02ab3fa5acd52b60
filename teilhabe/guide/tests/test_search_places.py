"""An offer held at several locations is searched at each of them: the place filters
(municipality, district, step-free access, distance) hold at one and the same location, and a
hit shows the location that met them, the nearest one from the origin (docs/guide.md,
"Several locations")."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db.models import OuterRef, Subquery

from teilhabe.centres.models import Centre
from teilhabe.guide import services
from teilhabe.guide.models import Offer, SearchPlace
from teilhabe.guide.search import engine, parse_query, search
from teilhabe.territory.models import Municipality

from . import factories as f

DUEREN, JUELICH, HEIMBACH = "05358008", "05358024", "05358012"  # Kreis Düren, 05358


@pytest.fixture
def dueren(territory: None) -> Centre:
    return Centre.objects.select_related("grantee").get(grantee__key="05358")


def _at(centre: Centre, ags: str, *, step_free: bool) -> dict[str, Any]:
    town = Municipality.objects.get(ags=ags)
    return f.location(
        centre,
        name=f"Treffpunkt {town.short_name}",
        street="Markt 1",
        postcode=town.postcode,
        municipality=town,
        lat=town.lat,
        lon=town.lon,
        step_free=step_free,
    )


def _publish(centre: Centre, title: str, places: list[dict[str, Any]]) -> Any:
    from conftest import member_of

    staff = member_of(centre)
    offer = services.add_offer(
        centre,
        by=staff,
        data=f.offer_data(),
        texts={"de": {"title": title, "summary": "", "description": ""}},
        locations=places,
    )
    return services.change_status(offer, by=staff, to="published")


@pytest.fixture
def offers(dueren: Centre) -> dict[str, Any]:
    return {
        "two": _publish(
            dueren,
            "Sprachtreff an zwei Orten",
            [_at(dueren, DUEREN, step_free=False), _at(dueren, JUELICH, step_free=True)],
        ),
        "one": _publish(dueren, "Sprachtreff Heimbach", [_at(dueren, HEIMBACH, step_free=True)]),
    }


def _hits(**params: str) -> list[engine.Hit]:
    return search(parse_query(params)).hits


@pytest.mark.django_db
def test_every_location_is_searched(offers: dict[str, Any]) -> None:
    assert SearchPlace.objects.filter(offer=offers["two"]).count() == 2
    # Before, only the first location (Düren) was searched: Jülich found nothing.
    assert [h.title for h in _hits(municipality=JUELICH)] == ["Sprachtreff an zwei Orten"]
    near_juelich = _hits(near=JUELICH, radius_km="5")
    assert [h.title for h in near_juelich] == ["Sprachtreff an zwei Orten"]
    hit = near_juelich[0]
    assert (hit.municipality, hit.address) == (JUELICH, "Treffpunkt Jülich, Markt 1, 52428 Jülich")
    assert hit.distance_km is not None and hit.distance_km < 1
    assert hit.step_free is True
    near_dueren = _hits(near=DUEREN, radius_km="5")[0]
    assert (near_dueren.municipality, near_dueren.step_free) == (DUEREN, False)


@pytest.mark.django_db
def test_the_nearest_location_decides_the_distance(offers: dict[str, Any]) -> None:
    hits = _hits(near=HEIMBACH, radius_km="50", sort="distance")
    assert [h.title for h in hits] == ["Sprachtreff Heimbach", "Sprachtreff an zwei Orten"]
    two = hits[1]
    assert two.municipality == DUEREN  # ~19 km from Heimbach; Jülich is ~33 km
    assert two.distance_km is not None and 15 < two.distance_km < 25
    # Sorted by distance, the nearer place counts: from Jülich, the offer held there is first.
    assert [h.title for h in _hits(near=JUELICH, radius_km="50", sort="distance")] == [
        "Sprachtreff an zwei Orten",
        "Sprachtreff Heimbach",
    ]


@pytest.mark.django_db
def test_the_place_conditions_hold_at_one_location(offers: dict[str, Any]) -> None:
    # The Düren place has steps, the step-free one is in Jülich, 12 km away.
    assert _hits(near=DUEREN, radius_km="5", step_free="true") == []
    assert [h.title for h in _hits(near=JUELICH, radius_km="5", step_free="true")] == [
        "Sprachtreff an zwei Orten"
    ]
    assert _hits(municipality=DUEREN, step_free="true") == []
    assert [h.title for h in _hits(municipality=DUEREN, step_free="false")] == [
        "Sprachtreff an zwei Orten"
    ]
    # Without a place condition the hit shows the first location, with its own access.
    plain = {h.title: h for h in _hits()}["Sprachtreff an zwei Orten"]
    assert (plain.municipality, plain.address, plain.step_free) == (
        DUEREN,
        "Treffpunkt Düren, Markt 1, 52349 Düren",
        False,
    )
    assert sorted(h.title for h in _hits(step_free="true")) == [
        "Sprachtreff Heimbach",
        "Sprachtreff an zwei Orten",
    ]


@pytest.mark.django_db
def test_the_district_facet_counts_an_offer_once(offers: dict[str, Any]) -> None:
    page = search(parse_query({"district": "05358"}))
    assert page.count == 2
    assert [(v, label, n) for v, label, n in page.facets["district"]] == [("05358", "Düren", 2)]


@pytest.mark.django_db
def test_the_places_of_a_page_take_one_query(
    dueren: Centre, offers: dict[str, Any], django_assert_num_queries: Any
) -> None:
    query = parse_query({"near": JUELICH, "radius_km": "50", "sort": "distance"})
    with django_assert_num_queries(3):  # the facets, the page, its offers' places
        one = engine._search(query)
    for n in range(3):
        _publish(
            dueren,
            f"Kurs {n}",
            [_at(dueren, HEIMBACH, step_free=True), _at(dueren, JUELICH, step_free=False)],
        )
    cache.clear()
    with django_assert_num_queries(3):
        more = engine._search(query)
    assert more.count == one.count + 3
    assert all(h.municipality == JUELICH for h in more.hits if h.title.startswith("Kurs"))


@pytest.mark.django_db
def test_a_ranked_search_can_be_a_subquery(offers: dict[str, Any]) -> None:
    # The rank is compiled with the query's own alias of the table (U0 in a subquery), not
    # written with the table's name, which a subquery does not have.
    query = parse_query({"q": "Sprachtreff", "municipality": JUELICH})
    ranked = engine._ordered(engine.filtered(query), query)
    ids = Offer.objects.filter(pk__in=ranked.values("offer_id")[:5])
    assert list(ids) == [offers["two"]]
    best = Subquery(engine.filtered(query).filter(offer_id=OuterRef("pk")).values("rank")[:1])
    assert Offer.objects.annotate(best=best).get(pk=offers["two"].pk).best > 0


@pytest.mark.django_db
def test_an_archived_offer_leaves_no_place(offers: dict[str, Any]) -> None:
    from conftest import member_of

    two = offers["two"]
    services.change_status(two, by=member_of(two.centre), to="archived")
    assert not SearchPlace.objects.filter(offer=two).exists()
    assert _hits(municipality=JUELICH) == []


@pytest.mark.django_db
def test_the_map_has_every_place_that_meets_the_conditions(offers: dict[str, Any]) -> None:
    def towns(**params: str) -> list[tuple[str, str]]:
        return [
            (p.title, p.address.rsplit(" ", 1)[-1]) for p in engine.map_points(parse_query(params))
        ]

    # No place condition: every place of every offer, in the list's order.
    assert sorted(towns()) == [
        ("Sprachtreff Heimbach", "Heimbach"),
        ("Sprachtreff an zwei Orten", "Düren"),
        ("Sprachtreff an zwei Orten", "Jülich"),
    ]
    # A condition: only the places that meet it.
    assert towns(municipality=JUELICH) == [("Sprachtreff an zwei Orten", "Jülich")]
    assert towns(step_free="true", sort="distance", near=JUELICH, radius_km="50") == [
        ("Sprachtreff an zwei Orten", "Jülich"),
        ("Sprachtreff Heimbach", "Heimbach"),
    ]
    assert len({p.uuid for p in engine.map_points(parse_query({}), limit=1)}) == 1  # bounded

"""Properties of the search's parameter parser and distance function."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teilhabe.guide.search import ParamError, parse_query, text
from teilhabe.guide.search import query as q
from teilhabe.guide.search.geo import bounding_box, haversine_km

NAMES = [
    "q", "lang", "district", "municipality", "category", "languages", "target_group", "free",
    "step_free", "starts_within_weeks", "free_places", "level", "class_format", "near", "lat",
    "lon", "radius_km", "sort", "page", "page_size",
]  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=250),
    st.integers(-(10**20), 10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["true", "false", "de", "05711", "05711000", "33602", "B1", "distance", ""]),
)
NRW_LAT = st.floats(50.3, 52.6)
NRW_LON = st.floats(5.8, 9.5)


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=8))
def test_parse_query_never_crashes_and_keeps_its_bounds(params: dict[str, Any]) -> None:
    try:
        query = parse_query(params)
    except ParamError as e:
        assert e.errors
        assert all(name in NAMES and code.replace("_", "").isalpha() for name, code, _m in e.errors)
        return
    assert len(query.q) <= q.MAX_Q
    assert 1 <= query.page <= q.MAX_PAGE
    assert 1 <= query.page_size <= q.MAX_PAGE_SIZE
    assert query.radius_km is None or 1 <= query.radius_km <= q.MAX_RADIUS_KM
    assert (query.radius_km is None) == (query.origin is None)
    assert query.sort in q.SORTS
    assert query.sort != "distance" or query.origin is not None
    assert query.starts_within_weeks is None or 1 <= query.starts_within_weeks <= q.MAX_WEEKS


@given(st.text(max_size=300))
def test_tokens_hold_only_letters_and_digits(value: str) -> None:
    for word in text.tokens(value, limit=text.MAX_TOKENS):
        assert word and all(c.isalnum() for c in word)
        assert not set(word) & set("\"*:(){}^-+&|!<>'")


@given(NRW_LAT, NRW_LON, NRW_LAT, NRW_LON)
def test_distance_is_symmetric_and_zero_only_at_the_same_point(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    there = haversine_km(lat1, lon1, lat2, lon2)
    assert there == pytest.approx(haversine_km(lat2, lon2, lat1, lon1), abs=1e-9)
    assert there >= 0
    assert haversine_km(lat1, lon1, lat1, lon1) == 0
    # Never more than the flat-map bound (degrees of latitude are ~111.2 km).
    assert there <= 111.3 * math.hypot(lat2 - lat1, lon2 - lon1) + 1e-6


@given(NRW_LAT, NRW_LON, NRW_LAT, NRW_LON, NRW_LAT, NRW_LON)
def test_distance_keeps_the_triangle_inequality(
    a1: float, a2: float, b1: float, b2: float, c1: float, c2: float
) -> None:
    ab, bc, ac = (
        haversine_km(a1, a2, b1, b2),
        haversine_km(b1, b2, c1, c2),
        haversine_km(a1, a2, c1, c2),
    )
    assert ac <= ab + bc + 1e-6


@given(NRW_LAT, NRW_LON, st.floats(1, 200), st.floats(0, 2 * math.pi), st.floats(0, 1))
def test_the_bounding_box_holds_every_point_within_the_radius(
    lat: float, lon: float, radius: float, angle: float, share: float
) -> None:
    # A point at `share` of the radius in direction `angle` (small-distance approximation).
    km = radius * share * 0.999
    dlat = math.degrees(km * math.cos(angle) / 6371.0088)
    dlon = math.degrees(km * math.sin(angle) / (6371.0088 * math.cos(math.radians(lat))))
    point = (lat + dlat, lon + dlon)
    if haversine_km(lat, lon, *point) > radius:
        return
    lat_min, lat_max, lon_min, lon_max = bounding_box(lat, lon, radius)
    assert lat_min <= point[0] <= lat_max and lon_min <= point[1] <= lon_max


def test_a_known_distance() -> None:
    # One degree along a meridian is a 360th of the circumference.
    assert haversine_km(51, 7, 52, 7) == pytest.approx(2 * math.pi * 6371.0088 / 360)


def test_stemming_is_right_when_threads_stem_at_once() -> None:
    # gunicorn's gthread workers run searches in threads; one stemmer shared by all of them
    # garbled words (and raised IndexError) under load.
    from concurrent.futures import ThreadPoolExecutor

    words = [f"{stem}{ending}" for stem in ("beratung", "sprachkurs", "wohnung", "kinderbetreuung")
             for ending in ("", "en", "es", "er", "ern", "e", "s")] * 300  # fmt: skip
    expected = [text.stem([w], "german")[0] for w in words]

    def stem_all(_: int) -> list[str]:
        return [text.stem([w], "german")[0] for w in words]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(stem_all, range(8)))
    assert all(r == expected for r in results)

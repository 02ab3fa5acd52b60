"""GET /api/v1/districts: the 53 districts, public, with ETag, in a fixed number of queries."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from teilhabe.territory.models import District, Regierungsbezirk


def test_it_lists_the_53_districts(territory: None, client: Client) -> None:
    response = client.get("/api/v1/districts")
    assert response.status_code == 200
    districts = response.json()
    assert len(districts) == 53
    for d in districts:
        assert {"key", "name", "kind", "regierungsbezirk", "population"} <= set(d)
        assert d["kind"] in {"kreis", "kreisfreie_stadt"}
    assert sum(d["population"] for d in districts) == 17_947_221
    assert [d["key"] for d in districts] == sorted(d["key"] for d in districts)
    bielefeld = next(d for d in districts if d["key"] == "05711")
    assert bielefeld == {
        "key": "05711",
        "ars": "057110000000",
        "name": "Bielefeld",
        "kind": "kreisfreie_stadt",
        "regierungsbezirk": "Detmold",
        "population": 334195,
        "population_date": "2019-12-31",
    }


def test_it_filters_by_kind(territory: None, client: Client) -> None:
    kreise = client.get("/api/v1/districts?kind=kreis").json()
    staedte = client.get("/api/v1/districts?kind=kreisfreie_stadt").json()
    assert {d["kind"] for d in kreise} == {"kreis"}
    assert {d["kind"] for d in staedte} == {"kreisfreie_stadt"}
    assert len(kreise) + len(staedte) == 53
    assert len(kreise) == 31


def test_it_answers_an_invalid_kind_with_422_and_a_code(territory: None, client: Client) -> None:
    response = client.get("/api/v1/districts?kind=foo")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("kind", "invalid_choice")]
    assert errors[0]["message"]


def test_it_returns_one_district(territory: None, client: Client) -> None:
    response = client.get("/api/v1/districts/05334")
    assert response.status_code == 200
    assert response.json()["name"] == "Städteregion Aachen"


def test_it_answers_an_unknown_district_with_404(territory: None, client: Client) -> None:
    response = client.get("/api/v1/districts/09999")
    assert response.status_code == 404
    errors = response.json()["errors"]
    assert len(errors) == 1
    assert errors[0]["code"] == "not_found"
    assert errors[0]["field"] is None
    assert errors[0]["message"]


def test_it_answers_304_when_the_client_has_the_current_version(
    territory: None, client: Client
) -> None:
    first = client.get("/api/v1/districts")
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert "public" in first["Cache-Control"]
    again = client.get("/api/v1/districts", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get("/api/v1/districts", HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    District.objects.filter(key="05711").update(population=334196)
    changed = client.get("/api/v1/districts", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_it_lists_districts_in_one_query(
    territory: None, client: Client, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        client.get("/api/v1/districts")
    bezirk = Regierungsbezirk.objects.get(key="057")
    for i in range(5):
        District.objects.create(
            key=f"0579{i}",
            ars=f"0579{i}0000000",
            name=f"Test district {i}",
            kind="kreis",
            regierungsbezirk=bezirk,
            population=1000,
            population_date=date(2019, 12, 31),
        )
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get("/api/v1/districts").json()) == 58
    assert len(queries) == 1

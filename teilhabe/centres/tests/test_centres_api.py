"""GET /api/v1/centres: the 54 KIs, public, with ETag, in a fixed number of queries."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from teilhabe.accounts.models import User
from teilhabe.centres import services
from teilhabe.centres.models import Centre
from teilhabe.territory.models import District, Grantee


def test_it_lists_the_54_centres(territory: None, client: Client) -> None:
    response = client.get("/api/v1/centres")
    assert response.status_code == 200
    centres = response.json()
    assert len(centres) == 54
    by_key = {c["district"]: c for c in centres}
    assert by_key["05334002"]["name"] == "Kommunales Integrationszentrum Aachen"
    assert by_key["05334002"]["kind"] == "kreisfreie_stadt"
    assert by_key["05334"]["name"] == "Kommunales Integrationszentrum Städteregion Aachen"
    assert by_key["05334"]["kind"] == "kreis"
    assert by_key["05711"]["regierungsbezirk"] == "Detmold"
    assert set(by_key["05711"]) == {
        "id", "name", "district", "district_name", "kind", "regierungsbezirk", "status",
        "attachment", "street", "postcode", "city", "email", "phone", "website",
    }  # fmt: skip


def test_it_searches_by_name_place_and_key(
    territory: None, bielefeld: Centre, anna: User, client: Client
) -> None:
    services.update_centre(bielefeld, by=anna, data={"city": "Bielefeld"})
    assert [c["district"] for c in client.get("/api/v1/centres?q=05711").json()] == ["05711"]
    assert [c["district"] for c in client.get("/api/v1/centres?q=bielefeld").json()] == ["05711"]
    assert {c["district"] for c in client.get("/api/v1/centres?q=aachen").json()} == {
        "05334",
        "05334002",
    }
    assert client.get("/api/v1/centres?q=Atlantis").json() == []


def test_it_returns_one_centre_and_404_for_unknown(
    territory: None, bielefeld: Centre, client: Client
) -> None:
    assert client.get(f"/api/v1/centres/{bielefeld.pk}").json()["district"] == "05711"
    response = client.get("/api/v1/centres/999999")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    response = client.get("/api/v1/centres/abc")
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "invalid_number"


def test_it_answers_304_when_the_client_has_the_current_version(
    territory: None, bielefeld: Centre, anna: User, client: Client
) -> None:
    etag = client.get("/api/v1/centres")["ETag"]
    assert client.get("/api/v1/centres", HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.update_centre(bielefeld, by=anna, data={"phone": "0521 510"})
    assert client.get("/api/v1/centres", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_it_lists_centres_in_one_query_however_many(
    territory: None, client: Client, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1):
        client.get("/api/v1/centres")
    district = District.objects.get(key="05711")
    for i in range(3):
        grantee = Grantee.objects.create(
            key=f"0571199{i}",
            name=f"Test grantee {i}",
            kind="kreis",
            district=district,
            population=1000,
            population_date=date(2019, 12, 31),
        )
        Centre.objects.create(grantee=grantee, name=f"KI Test {i}")
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get("/api/v1/centres").json()) == 57
    assert len(queries) == 1

"""The network's API: the list (paginated, filtered, scoped as the pages, its query count
pinned) and one organisation; 404 for what the caller may not see."""

from __future__ import annotations

import pytest

from teilhabe.territory.models import Municipality

from . import factories

pytestmark = pytest.mark.django_db
LIST = "/api/v1/network/organisations"


def test_the_list_is_scoped_filtered_and_paginated(
    bielefeld, anna, dortmund, carla, lars, verified_client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(55):
        factories.organisation(
            bielefeld, anna, name=f"Verein {i:02d}", type="school" if i % 5 == 0 else "other"
        )
    factories.organisation(
        dortmund,
        carla,
        name="Dortmunder Verein",
        postcode="44135",
        municipality=Municipality.objects.get(ags="05913000"),
    )
    client = verified_client(anna)
    with django_assert_max_num_queries(8):
        page = client.get(LIST).json()
    assert page["count"] == 55 and len(page["items"]) == 50
    assert page["items"][0]["municipality"] == "05711000"
    assert client.get(LIST, {"page": 2}).json()["items"][-1]["name"] == "Verein 54"
    assert client.get(LIST, {"type": "school"}).json()["count"] == 11
    assert client.get(LIST, {"q": "Verein 1"}).json()["count"] == 10  # 10 to 19
    assert client.get(LIST, {"municipality": "05913000"}).json()["count"] == 0
    assert client.get(LIST, {"type": "spaceship"}).status_code == 422
    everything = verified_client(lars).get(LIST).json()
    assert everything["count"] == 56
    assert verified_client(lars).get(LIST, {"centre": dortmund.pk}).json()["count"] == 1


def test_one_organisation_with_its_contacts(bielefeld, anna, carla, mia, verified_client) -> None:  # type: ignore[no-untyped-def]
    org = factories.organisation(bielefeld, anna)
    factories.contact(org, anna)
    body = verified_client(anna).get(f"{LIST}/{org.pk}").json()
    assert body["name"] == org.name
    assert body["languages"] == ["ar", "tr"]
    assert body["contacts"] == [
        {
            "name": "Sabine Krüger",
            "function": "Leitung",
            "email": "leitung@verein.example",
            "phone": "",
        }
    ]
    for who in (carla, mia):
        response = verified_client(who).get(f"{LIST}/{org.pk}")
        assert response.status_code == 404
        assert response.json()["errors"][0]["code"] == "not_found"

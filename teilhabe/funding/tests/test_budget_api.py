"""GET /api/v1/funding/budget-lines (authority, ministry) and /guidelines (public, ETag)."""

from __future__ import annotations

import pytest
from django.test import Client

from teilhabe.accounts.services import create_api_token

from . import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["bernd", "guel", "mia"])
def test_it_lists_the_lines_with_their_sums(request, verified_client, who):
    factories.budget_line(2026, "300000.00", code="A")
    factories.budget_line(2027, "400000.00", code="B")
    response = verified_client(request.getfixturevalue(who)).get(
        "/api/v1/funding/budget-lines?fiscal_year=2026"
    )
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": response.json()[0]["id"],
            "fiscal_year": 2026,
            "code": "A",
            "title": "Kommunale Integrationszentren",
            "purpose": "centres",
            "planned": "300000.00",
            "committed": "0.00",
            "paid": "0.00",
            "available": "300000.00",
            "receivables_open": "0.00",
            "receivables_received": "0.00",
        }
    ]


@pytest.mark.parametrize("who", ["anna", "kai", "carla", "lars", "sven", "eva"])
def test_others_get_not_found(request, verified_client, who):
    response = verified_client(request.getfixturevalue(who)).get("/api/v1/funding/budget-lines")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_anonymous_gets_401(territory):
    response = Client().get("/api/v1/funding/budget-lines")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_a_token_works_and_the_query_count_is_pinned(mia, django_assert_num_queries):
    _token, raw = create_api_token(mia, by=mia, name="Haushalt")
    for i in range(5):
        factories.budget_line(2026, code=f"L{i}")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.get("/api/v1/funding/budget-lines")
    with django_assert_num_queries(2):  # the token with its user, the lines
        assert len(client.get("/api/v1/funding/budget-lines").json()) == 5


def test_the_guidelines_are_public_with_groups_and_an_etag(territory, django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(2):
        response = client.get("/api/v1/funding/guidelines")
    assert response.status_code == 200
    versions = response.json()
    assert [v["code"] for v in versions] == ["2012", "2015", "2018", "2022"]
    latest = versions[-1]
    assert latest["specialist_amount"] == "57000.00" and latest["valid_until"] is None
    assert {(g["code"], g["district_kind"], g["max_fte"]) for g in latest["groups"]} == {
        ("specialists", "kreisfreie_stadt", "5.00"),
        ("specialists", "kreis", "6.00"),
        ("assistant", "", "0.50"),
    }
    again = client.get("/api/v1/funding/guidelines", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304

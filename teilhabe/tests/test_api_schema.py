"""The API describes itself: OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from django.test import Client


def test_it_lists_every_path_in_the_openapi_schema(db: None, client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Teilhabe API"
    assert {
        "/api/v1/districts",
        "/api/v1/districts/{key}",
        "/api/v1/centres",
        "/api/v1/centres/{centre_id}",
        "/api/v1/centres/{centre_id}/staff",
        "/api/v1/me",
        "/api/v1/audit-events",
        "/api/v1/guide/offers",
        "/api/v1/guide/offers/{offer_id}",
        "/api/v1/guide/categories",
    } <= set(schema["paths"])


def test_it_marks_which_paths_need_a_token(db: None, client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not paths["/api/v1/districts"]["get"].get("security")
    assert not paths["/api/v1/centres"]["get"].get("security")
    assert not paths["/api/v1/guide/offers"]["get"].get("security")
    for path in ("/api/v1/me", "/api/v1/audit-events", "/api/v1/centres/{centre_id}/staff"):
        assert paths[path]["get"]["security"], path


def test_it_serves_the_docs_from_our_own_host(db: None, client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn." not in body


def test_an_unknown_api_address_answers_in_the_api_error_shape(client) -> None:
    response = client.get("/api/v1/gibt-es-nicht")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["code"] == "not_found"

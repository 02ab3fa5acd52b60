"""Everything the HSDS API and the dataset serve validates against the official HSDS 3.0
schemas (references resolved locally, formats checked): list items against the list schemas,
a service and the dataset's items against the fully nested service."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from . import hsds_schemas as schemas
from .hsds_data import DataSet, demo_like

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(kai, anna, paul, bielefeld) -> DataSet:  # type: ignore[no-untyped-def]
    return demo_like(kai, anna, paul, bielefeld)


def _get(name: str, query: str = "", **kwargs: Any) -> Any:
    response = Client().get(reverse(f"hsds:{name}", kwargs=kwargs) + query)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_services_page_validates(data: DataSet) -> None:
    page = _get("services")
    assert page["total_items"] == 2
    assert schemas.page_errors(schemas.SERVICE_LIST, page) == []


@pytest.mark.parametrize("lang", ["", "?lang=en", "?lang=ar", "?lang=tr"])
def test_every_service_validates_fully_nested(data: DataSet, lang: str) -> None:
    for offer in (data.course, data.counselling):
        served = _get("service", lang, id=str(offer.uuid))
        assert schemas.errors(schemas.SERVICE, served) == []


def test_the_full_services_page_validates_against_the_nested_schema(data: DataSet) -> None:
    page = _get("services", "?full=true")
    assert page["size"] == 2
    assert schemas.page_errors(schemas.SERVICE, page) == []


def test_every_dataset_item_validates(data: DataSet) -> None:
    response = Client().get(reverse("hsds:dataset"))
    items = json.loads(b"".join(response.streaming_content))
    assert {i["id"] for i in items} == {str(data.course.uuid), str(data.counselling.uuid)}
    for item in items:
        assert schemas.errors(schemas.SERVICE, item) == []


def test_organizations_validate(data: DataSet) -> None:
    page = _get("organizations")
    assert page["total_items"] == 2  # the provider and the KI
    assert schemas.page_errors(schemas.ORGANIZATION_LIST, page) == []
    for org in page["contents"]:
        assert schemas.errors(schemas.ORGANIZATION, _get("organization", id=org["id"])) == []


def test_service_at_locations_validate(data: DataSet) -> None:
    page = _get("service_at_locations")
    assert page["total_items"] == 3
    assert schemas.page_errors(schemas.SERVICE_AT_LOCATION_LIST, page) == []


def test_taxonomies_and_terms_validate(data: DataSet) -> None:
    taxonomies = _get("taxonomies")
    assert schemas.page_errors(schemas.TAXONOMY, taxonomies) == []
    terms = _get("taxonomy_terms", "?per_page=100")
    assert terms["total_items"] > 50
    assert schemas.page_errors(schemas.TAXONOMY_TERM, terms) == []
    one = terms["contents"][0]
    assert schemas.errors(schemas.TAXONOMY_TERM, _get("taxonomy_term", id=one["id"])) == []
    assert schemas.errors(schemas.TAXONOMY, _get("taxonomy", id=one["taxonomy_id"])) == []


def test_the_validator_does_reject_what_is_not_hsds() -> None:
    """The check above would pass vacuously if the schemas resolved to nothing."""
    wrong = {"id": "not-a-uuid", "name": "x", "status": "open", "url": "no uri"}
    assert len(schemas.errors(schemas.SERVICE, wrong)) == 3
    nested = {
        "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "name": "x",
        "status": "active",
        "service_at_locations": [
            {
                "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                "location": {"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"},
            }
        ],
    }
    assert any("location_type" in e for e in schemas.errors(schemas.SERVICE, nested))

"""The HSDS API: what it serves (only public offers, as published), its Page envelope and
parameters, its errors, caching headers, CORS and the number of queries of a page."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.guide import services
from teilhabe.guide.hsds import taxonomies as tx
from teilhabe.guide.models import Offer

from . import factories
from .hsds_data import DataSet, demo_like

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(kai, anna, paul, bielefeld) -> DataSet:  # type: ignore[no-untyped-def]
    return demo_like(kai, anna, paul, bielefeld)


def _get(url: str, **headers: str) -> Any:
    return Client().get(url, headers=headers)


def _ids(page: dict[str, Any]) -> set[str]:
    return {item["id"] for item in page["contents"]}


def _services(query: str = "") -> dict[str, Any]:
    response = _get(reverse("hsds:services") + query)
    assert response.status_code == 200, response.content
    result: dict[str, Any] = response.json()
    return result


def test_it_describes_itself(data: DataSet) -> None:
    body = _get(reverse("hsds:root")).json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("openapi.json")
    assert body["dataset_url"].endswith("/api/hsds/dataset.json")
    assert body["licence"]["id"] == "dl-de/by-2-0"


def test_only_public_offers_are_served(data: DataSet) -> None:
    assert _ids(_services()) == {str(data.course.uuid), str(data.counselling.uuid)}
    for hidden in (data.draft, data.archived):
        response = _get(reverse("hsds:service", args=[hidden.uuid]))
        assert response.status_code == 404
        assert response.json()["errors"][0]["code"] == "not_found"


def test_an_unknown_or_malformed_id_is_not_found(data: DataSet) -> None:
    for name in ("service", "organization", "taxonomy", "taxonomy_term"):
        for id in ("3fa85f64-5717-4562-b3fc-2c963f66afa6", "nope"):
            response = _get(reverse(f"hsds:{name}", args=[id]))
            assert response.status_code == 404, (name, id)
            assert response.json()["errors"][0]["code"] == "not_found"
            assert response["Access-Control-Allow-Origin"] == "*"


def test_a_pending_change_is_not_served(data: DataSet, paul) -> None:  # type: ignore[no-untyped-def]
    offer = data.course
    texts = {
        **factories.texts(),
        "de": {"title": "Noch nicht geprüft", "summary": "", "description": ""},
    }
    services.update_offer(
        offer,
        by=paul,
        data=factories.offer_data(provider=data.provider, category=offer.category),
        texts=texts,
        locations=[],
        course=factories.course(),
    )
    offer.refresh_from_db()
    assert offer.status == "in_review"
    served = _get(reverse("hsds:service", args=[offer.uuid])).json()
    assert served["name"] == "Integrationskurs B1 am Abend"
    assert len(served["service_at_locations"]) == 2
    # The search is the guide's (the published snapshots): the pending words are not found.
    assert _services("?search=geprüft")["total_items"] == 0
    assert _services("?search=Noch%20nicht")["total_items"] == 0
    assert _ids(_services("?search=Abend")) == {str(offer.uuid)}


def test_the_page_envelope_counts_pages(data: DataSet) -> None:
    first = _services("?per_page=1")
    assert (first["total_items"], first["total_pages"], first["size"]) == (2, 2, 1)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    second = _services("?per_page=1&page=2")
    assert second["last_page"] and not second["first_page"]
    assert _ids(first) | _ids(second) == {str(data.course.uuid), str(data.counselling.uuid)}
    beyond = _services("?per_page=1&page=3")
    assert beyond["empty"] and beyond["contents"] == [] and beyond["page_number"] == 3


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("?per_page=101", "per_page", "out_of_range"),
        ("?per_page=0", "per_page", "out_of_range"),
        ("?page=-1", "page", "invalid_number"),
        ("?page=abc", "page", "invalid_number"),
        ("?page=99999999", "page", "out_of_range"),
        ("?page=" + "9" * 5000, "page", "out_of_range"),
        ("?modified_after=yesterday", "modified_after", "invalid_datetime"),
        ("?modified_after=2026-01-01" + "0" * 100, "modified_after", "invalid_datetime"),
        ("?lang=xx", "lang", "invalid_language"),
        ("?taxonomy_term_id=food", "taxonomy_term_id", "invalid_uuid"),
        ("?organization_id=1", "organization_id", "invalid_uuid"),
        ("?full=maybe", "full", "invalid_boolean"),
        ("?format=ndjson", "format", "unsupported_format"),
        ("?search=" + "x" * 201, "search", "too_long"),
        ("?search=%22*%3A()", "search", "no_words"),
    ],
)
def test_a_bad_parameter_is_a_422_with_a_stable_code(
    data: DataSet, query: str, field: str, code: str
) -> None:
    response = _get(reverse("hsds:services") + query)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": field, "code": code, "message": response.json()["errors"][0]["message"]}
    ]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_value_term_is_no_filter(data: DataSet) -> None:
    term = tx.term_id(tx.VALUE, "teilhabe:places")
    response = _get(reverse("hsds:services") + f"?taxonomy_term_id={term}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "term_not_filterable"


def test_modified_after_compares_with_the_publication(data: DataSet) -> None:
    Offer.objects.filter(pk=data.counselling.pk).update(
        published_at=datetime.datetime(2026, 1, 1, 12, tzinfo=datetime.UTC)
    )
    later = _services("?modified_after=2026-06-01T00:00:00%2B02:00")
    assert _ids(later) == {str(data.course.uuid)}
    naive = _services("?modified_after=2025-12-31T00:00:00")
    assert naive["total_items"] == 2


def test_search_finds_words_of_the_texts(data: DataSet) -> None:
    assert _ids(_services("?search=abend")) == {str(data.course.uuid)}
    assert _ids(_services("?search=evenings")) == {str(data.course.uuid)}
    assert _services("?search=Zahnarzt")["total_items"] == 0
    # The full-text search: stems, a prefix of the last word, every word must match.
    assert _ids(_services("?search=Integrationskurse")) == {str(data.course.uuid)}
    assert _ids(_services("?search=Integrationsk")) == {str(data.course.uuid)}
    assert _services("?search=Integrationskurs%20Zahnarzt")["total_items"] == 0
    assert _ids(_services("?search=abend&per_page=1")) == {str(data.course.uuid)}


def test_taxonomy_filters(data: DataSet) -> None:
    course, counselling = str(data.course.uuid), str(data.counselling.uuid)
    cases = {
        tx.term_id(tx.CATEGORY, "language_courses"): {course},  # its subtree
        tx.term_id(tx.CATEGORY, "course_general"): {course},
        tx.term_id(tx.CATEGORY, "counselling"): {counselling},
        tx.term_id(tx.TARGET_GROUP, "parents"): {course},
        tx.term_id(tx.TARGET_GROUP, "newcomers"): {course, counselling},
        tx.term_id(tx.LEVEL, "B1"): {course},
        tx.term_id(tx.LEVEL, "A1"): set(),
        tx.term_id(tx.CLASS_FORMAT, "evening"): {course},
        tx.term_id(tx.COURSE_TYPE, "general"): {course},
    }
    for term, expected in cases.items():
        assert _ids(_services(f"?taxonomy_term_id={term}")) == expected, term
    levels = tx.BY_KIND[tx.LEVEL].id
    assert _ids(_services(f"?taxonomy_id={levels}")) == {course}
    unknown = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert _services(f"?taxonomy_term_id={unknown}")["total_items"] == 0


def test_organization_filter_and_the_ki_as_organization(data: DataSet, bielefeld) -> None:  # type: ignore[no-untyped-def]
    provider = str(data.provider.uuid)
    ki = str(tx.ki_organization_id(bielefeld.district_key))
    assert _ids(_services(f"?organization_id={provider}")) == {str(data.course.uuid)}
    assert _ids(_services(f"?organization_id={ki}")) == {str(data.counselling.uuid)}
    org = _get(reverse("hsds:organization", args=[ki])).json()
    assert org["name"] == bielefeld.name
    assert org["organization_identifiers"][0]["identifier"] == "05711"
    assert org["services"] == [{"id": str(data.counselling.uuid)}]


def test_an_organization_without_public_offers_is_not_served(
    data: DataSet, anna, bielefeld
) -> None:  # type: ignore[no-untyped-def]
    from teilhabe.network.tests import factories as network_factories

    other = network_factories.organisation(bielefeld, anna, name="Ohne Angebote e. V.")
    services.change_status(
        factories.published(bielefeld, anna, provider=other), by=anna, to="archived"
    )
    assert _get(reverse("hsds:organization", args=[other.uuid])).status_code == 404
    names = {o["name"] for o in _get(reverse("hsds:organizations")).json()["contents"]}
    assert "Ohne Angebote e. V." not in names


def test_service_at_locations_are_one_per_published_location(data: DataSet) -> None:
    page = _get(reverse("hsds:service_at_locations")).json()
    locations = {str(loc.uuid) for loc in data.course.locations.all()} | {
        str(loc.uuid) for loc in data.counselling.locations.all()
    }
    assert {item["location_id"] for item in page["contents"]} == locations
    assert page["contents"][0]["service"]["status"] == "active"
    assert _get(reverse("hsds:service_at_locations") + "?postcode=3360").status_code == 422
    assert _get(reverse("hsds:service_at_locations") + "?postcode=99999").json()["total_items"] == 0


def test_taxonomy_terms_can_be_narrowed(data: DataSet) -> None:
    categories = tx.BY_KIND[tx.CATEGORY].id
    url = reverse("hsds:taxonomy_terms")
    page = _get(f"{url}?taxonomy_id={categories}&per_page=100").json()
    assert {t["taxonomy"] for t in page["contents"]} == {"teilhabe-categories"}
    courses = tx.term_id(tx.CATEGORY, "language_courses")
    children = _get(f"{url}?parent_id={courses}").json()["contents"]
    assert {t["code"] for t in children} >= {"course_general", "course_women", "course_job_related"}
    top = _get(f"{url}?top_only=true&taxonomy_id={categories}&per_page=100").json()["contents"]
    assert "language_courses" in {t["code"] for t in top}
    assert "course_general" not in {t["code"] for t in top}
    english = _get(f"{url}?search=course_general&lang=en").json()["contents"]
    assert english[0]["name"] == "General integration course" and english[0]["language"] == "en"


def test_answers_carry_a_strong_etag_last_modified_and_cors(data: DataSet) -> None:
    url = reverse("hsds:service", args=[data.course.uuid])
    first = _get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and first["Last-Modified"]
    assert first["Access-Control-Allow-Origin"] == "*"
    again = _get(url, If_None_Match=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert _get(url + "?lang=en", If_None_Match=etag).status_code == 200
    listed = _get(reverse("hsds:services"))
    assert _get(reverse("hsds:services"), If_None_Match=listed["ETag"]).status_code == 304


def test_the_etag_follows_a_new_publication(data: DataSet, kai) -> None:  # type: ignore[no-untyped-def]
    url = reverse("hsds:service", args=[data.counselling.uuid])
    before = _get(url)["ETag"]
    offer = data.counselling
    changed = {**factories.texts(), "de": {**factories.texts()["de"], "title": "Neu"}}
    services.update_offer(
        offer,
        by=kai,
        data=factories.offer_data(),
        texts=changed,
        locations=[
            {"uuid": str(loc.uuid), **{n: getattr(loc, n) for n in services.LOCATION_FIELDS}}
            for loc in offer.locations.all()
        ],
    )
    response = _get(url, If_None_Match=before)
    assert response.status_code == 200 and response.json()["name"] == "Neu"


def test_only_get(data: DataSet) -> None:
    assert Client().post(reverse("hsds:services")).status_code == 405


def _bulk(kai, bielefeld, n: int) -> None:  # type: ignore[no-untyped-def]
    """`n` more published offers, copies of one (rows only: the export reads snapshots)."""
    template = factories.published(bielefeld, kai)
    copies = []
    for _ in range(n - 1):
        copy = Offer.objects.get(pk=template.pk)
        copy.pk, copy.uuid = None, uuid.uuid4()
        copies.append(copy)
    Offer.objects.bulk_create(copies)


def _queries(url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize(
    "name", ["services", "service_at_locations", "organizations", "taxonomy_terms"]
)
def test_a_page_needs_the_same_queries_for_5_and_40_offers(
    name: str, kai, anna, paul, bielefeld
) -> None:  # type: ignore[no-untyped-def]
    demo_like(kai, anna, paul, bielefeld)
    _bulk(kai, bielefeld, 3)  # 5 public offers
    url = reverse(f"hsds:{name}") + "?per_page=100" + "&full=true" * (name == "services")
    few = _queries(url)
    _bulk(kai, bielefeld, 35)  # 40
    assert _queries(url) == few

"""Reading HSDS 3.0 JSON: a service, a list or a Page, checked against the schema (errors per
service with the JSON path), mapped to the record with everything the guide has no place for
kept in `extra`, and the bounds (size, services, depth, string length)."""

from __future__ import annotations

import copy
import datetime
import json
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from teilhabe.guide import hsds_in, importing
from teilhabe.guide.models import Offer
from teilhabe.network.tests import factories as network_factories

SERVICE_ID = "6f1e3c1a-8a44-4a3e-9a57-0d0c1b5c7e01"
LOCATION_ID = "0b7d7b0e-2f1e-4c55-9d8a-6a4f3b2c1d00"
ORG_ID = "a3c1f6d2-7b8e-4f90-8c1d-2e3f4a5b6c7d"


def u(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def _attribute(code: str, value: str = "", taxonomy: str = "teilhabe") -> dict[str, Any]:
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, code + value)),
        "value": value,
        "taxonomy_term": {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, code)),
            "code": code,
            "name": code,
            "description": code,
            "taxonomy": taxonomy,
        },
    }


def service(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": SERVICE_ID,
        "name": "Integrationskurs am Vormittag",
        "description": "<p>Deutsch lernen in kleinen Gruppen.</p>",
        "status": "active",
        "url": "https://vhs.example/kurse",
        "email": "kurse@vhs.example",
        "application_process": "Anmeldung im Büro",
        "wait_time": "2 Wochen",
        "assured_date": "2026-10-01",
        "cost_options": [{"id": u("c1"), "amount": 25, "currency": "EUR"}],
        "organization": {
            "id": ORG_ID,
            "name": "VHS Bielefeld",
            "description": "Volkshochschule",
        },
        "languages": [
            {"id": u("l1"), "code": "de"},
            {"id": u("l2"), "code": "xx", "name": "Klingon"},
        ],
        "schedules": [{"id": u("s1"), "valid_from": "2027-02-01", "description": "Mo–Fr 9–12"}],
        "contacts": [
            {
                "id": u("k1"),
                "name": "Frau Demir",
                "title": "Kursleitung",
                "phones": [{"id": u("p1"), "number": "0521 51-0"}],
            }
        ],
        "service_at_locations": [
            {
                "id": u("sal1"),
                "location": {
                    "id": LOCATION_ID,
                    "location_type": "physical",
                    "name": "VHS im Ravensberger Park",
                    "latitude": 52.0245,
                    "longitude": 8.5410,
                    "transportation": "Bus 25",
                    "addresses": [
                        {
                            "id": u("a1"),
                            "address_1": "Ravensberger Park 1",
                            "city": "Bielefeld",
                            "state_province": "NW",
                            "postal_code": "33607",
                            "country": "DE",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": [{"id": u("x1"), "description": "Step-free entrance"}],
                    "languages": [{"id": u("l3"), "code": "tr"}],
                },
            }
        ],
        "attributes": [
            _attribute("category:course_general"),
            _attribute("teilhabe:course_type", "general"),
            _attribute("teilhabe:target_level", "B1"),
            _attribute("teilhabe:class_format", "part_time"),
            _attribute("teilhabe:places", "20"),
            _attribute("teilhabe:places_taken", "5"),
            _attribute("teilhabe:childcare", "true"),
            _attribute(
                "teilhabe:translation",
                json.dumps({"language": "en", "title": "Integration course", "summary": "Learn"}),
            ),
            _attribute("audience", "adults", taxonomy="other"),
        ],
    }
    return {**data, **changes}


def _read(value: Any) -> list[Any]:
    return hsds_in.read(json.dumps(value).encode())


def test_a_service_a_list_and_a_page_are_found_by_content() -> None:
    assert len(_read(service())) == 1
    assert len(_read([service(), service(id=str(uuid.uuid4()))])) == 2
    page = {"total_items": 2, "page_number": 1, "contents": [service(), service()]}
    assert len(_read(page)) == 2
    with pytest.raises(ValidationError) as e:
        _read({"hello": "world"})
    assert e.value.code == "not_hsds"


def test_the_mapping() -> None:
    [row] = _read(service())
    assert row.errors == []
    record = row.record
    assert record is not None
    assert record.id == uuid.UUID(SERVICE_ID)
    assert record.category == "course_general"
    assert record.texts["de"]["title"] == "Integrationskurs am Vormittag"
    assert record.texts["en"] == {
        "title": "Integration course",
        "summary": "Learn",
        "description": "",
        "registration_how": "",
        "recurrence": "",
        "duration": "",
        "opening_hours": "",
    }
    assert record.data["cost"] == "amount" and record.data["cost_amount"] == Decimal("25.00")
    assert record.data["website"] == "https://vhs.example/kurse"
    assert record.texts["de"]["registration_how"] == "Anmeldung im Büro"
    assert record.data["languages"] == ["de"]
    assert record.data["next_start"] == datetime.date(2027, 2, 1)
    assert record.texts["de"]["recurrence"] == "Mo–Fr 9–12"
    assert (record.data["contact_name"], record.data["contact_phone"]) == (
        "Frau Demir",
        "0521 51-0",
    )
    assert record.last_reviewed_on == datetime.date(2026, 10, 1)
    assert record.provider is not None and record.provider.id == uuid.UUID(ORG_ID)
    assert record.course is not None
    assert (record.course["course_type"], record.course["places"], record.course["childcare"]) == (
        "general",
        20,
        True,
    )
    [place] = record.locations
    assert place.id == uuid.UUID(LOCATION_ID)
    assert (place.street, place.postcode, place.municipality_key) == (
        "Ravensberger Park 1",
        "33607",
        "",
    )
    assert place.step_free is True and place.languages == ["tr"]
    assert place.lat == Decimal("52.0245")


def test_what_the_guide_has_no_place_for_is_kept() -> None:
    [row] = _read(service())
    extra = row.record.extra  # type: ignore[union-attr]
    assert extra["service"]["wait_time"] == "2 Wochen"
    assert extra["service"]["languages"] == [{"id": u("l2"), "code": "xx", "name": "Klingon"}]
    assert extra["service"]["contacts"] == [{"id": u("k1"), "title": "Kursleitung"}]
    assert extra["service"]["attributes"][0]["value"] == "adults"
    assert len(extra["service"]["attributes"]) == 1  # ours were used
    assert extra["organization"]["description"] == "Volkshochschule"
    assert extra["locations"] == {LOCATION_ID: {"id": LOCATION_ID, "transportation": "Bus 25"}}
    assert "status" not in extra["service"]  # "active" is what every guide offer is


def test_schema_errors_name_the_service_and_the_json_path() -> None:
    broken = service(status="maybe")
    broken["cost_options"] = [{"id": u("c1"), "amount": "viel"}]
    rows = _read([service(), broken, {"name": "no id"}])
    assert rows[0].record is not None
    assert rows[1].record is None
    paths = {(e.row, e.field, e.code) for e in rows[1].errors}
    assert (2, "$.status", "schema") in paths
    assert (2, "$.cost_options[0].amount", "schema") in paths
    assert rows[2].errors[0].row == 3 and rows[2].errors[0].code == "schema"


def test_bounds(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as e:
        hsds_in.read(b"[" + b" " * hsds_in.MAX_BYTES + b"]")
    assert e.value.code == "file_too_large"
    deep: Any = service()
    for _ in range(25):
        deep = {"x": deep}
    with pytest.raises(ValidationError) as e:
        hsds_in.read(json.dumps([service(wait_time=deep)]).encode())
    assert e.value.code == "too_deep"
    with pytest.raises(ValidationError) as e:
        hsds_in.read(b"[" * 100_000 + b"]" * 100_000)
    assert e.value.code == "too_deep"
    with pytest.raises(ValidationError) as e:
        _read(service(description="x" * (hsds_in.MAX_STRING + 1)))
    assert e.value.code == "too_long"
    monkeypatch.setattr(hsds_in, "MAX_SERVICES", 2)
    with pytest.raises(ValidationError) as e:
        _read([service()] * 3)
    assert e.value.code == "too_many_rows"


def test_nothing_is_fetched(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import urllib.request

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("fetched")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    hsds_in._validator.cache_clear()
    assert _read(service())[0].errors == []


def test_a_missing_schema_refuses_the_file(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.HSDS_SCHEMA_DIR = str(tmp_path)
    with pytest.raises(ValidationError) as e:
        _read(service())
    assert e.value.code == "hsds_schema_missing"


@pytest.mark.django_db
def test_import_matches_the_provider_and_resolves_the_postcode(kai, anna, bielefeld):
    org = network_factories.organisation(bielefeld, anna, name="VHS Bielefeld")
    result = importing.import_content(json.dumps(service()).encode(), bielefeld, by=kai)
    assert result.added == 1, result.errors
    offer = Offer.objects.get()
    assert offer.uuid == uuid.UUID(SERVICE_ID)
    assert offer.provider == org  # by name: the organisation's uuid is another
    assert offer.course.places == 20
    location = offer.locations.get()
    assert location.uuid == uuid.UUID(LOCATION_ID)
    assert location.municipality.ags == "05711000"
    assert offer.texts.get(language="en").title == "Integration course"
    # Matched: name, description, e-mail, website and phones are the organisation's own.
    assert "organization" not in offer.hsds_extra


@pytest.mark.django_db
def test_an_unknown_organisation_is_kept_and_no_category_needs_the_default(kai, bielefeld):
    plain = copy.deepcopy(service())
    plain["attributes"] = []
    content = json.dumps(plain).encode()
    result = importing.import_content(content, bielefeld, by=kai)
    assert result.failed == 1
    assert result.errors[0].code == "category_missing"
    from teilhabe.guide.models import Category

    result = importing.import_content(
        content, bielefeld, by=kai, default_category=Category.objects.get(code="counselling")
    )
    assert result.added == 1, result.errors
    offer = Offer.objects.get()
    assert offer.provider is None
    assert offer.hsds_extra["organization"]["id"] == ORG_ID
    assert offer.hsds_extra["organization"]["name"] == "VHS Bielefeld"


def test_an_unknown_text_language_is_a_row_error() -> None:
    [row] = _read(service(attributes=[_attribute("teilhabe:text_language", "xx")]))
    assert row.record is None
    assert [(e.field, e.code) for e in row.errors] == [
        ("attributes.teilhabe:text_language", "unknown_language")
    ]


def test_the_text_language_and_summary_attributes_make_the_text() -> None:
    attributes = [
        _attribute("teilhabe:text_language", "en"),
        _attribute("teilhabe:source_language", "de"),
        _attribute("teilhabe:summary", "Learn German"),
        _attribute(
            "teilhabe:translation",
            json.dumps({"language": "de", "title": "Kurs", "summary": "Lernen"}),
        ),
    ]
    [row] = _read(service(name="Course", attributes=attributes))
    record = row.record
    assert record is not None and record.source_language == "de"
    assert record.texts["en"]["title"] == "Course"
    assert record.texts["en"]["summary"] == "Learn German"
    assert record.texts["de"]["title"] == "Kurs"


def test_step_free_is_read_from_the_attribute_and_a_negation_says_no() -> None:
    data = service()
    location = data["service_at_locations"][0]["location"]
    location["accessibility"] = [{"id": u("x2"), "description": "kein stufenloser Zugang"}]
    [row] = _read(data)
    assert row.record is not None and row.record.locations[0].step_free is False
    location["accessibility"] = [
        {
            "id": u("x3"),
            "description": "Eingang hinten",
            "attributes": [_attribute("teilhabe:step_free", "true")],
        }
    ]
    [row] = _read(data)
    assert row.record is not None and row.record.locations[0].step_free is True
    kept = row.record.extra["locations"][LOCATION_ID]["accessibility"]
    assert kept == [{"id": u("x3"), "description": "Eingang hinten"}]


def test_an_organization_naming_a_district_key_with_another_id_is_a_provider() -> None:
    organization = {
        "id": ORG_ID,
        "name": "Verein",
        "description": "",
        "organization_identifiers": [
            {"id": u("i1"), "identifier_type": "district_key", "identifier": "05711"}
        ],
    }
    [row] = _read(service(organization=organization))
    assert row.record is not None and row.record.provider is not None
    assert row.record.provider.id == uuid.UUID(ORG_ID)

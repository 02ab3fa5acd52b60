"""HSDS out → in → out: a KI's published offers exported as HSDS 3.0, imported into an empty
guide (a town moving in from another HSDS system: ids kept) and into another KI (a neighbour
taking them over: copies with derived ids), then exported again give the same services —
texts in every language with summaries, course details, categories, target groups,
locations with coordinates, step-free and languages, schedules, contact, cost and the fields
kept in `hsds_extra`. The same records also travel through the CSV unchanged, and a foreign
HSDS service (no teilhabe attributes) imports with the default category and keeps its extras."""

from __future__ import annotations

import copy
import datetime
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from teilhabe.guide import csvformat, hsds_in, importing
from teilhabe.guide.hsds import mapping
from teilhabe.guide.models import Category, Offer

from .hsds_data import DataSet, demo_like

pytestmark = pytest.mark.django_db

# What legitimately changes with a new publication: its date and the review date.
VOLATILE = ("last_modified", "assured_date")


@pytest.fixture
def data(kai, anna, paul, bielefeld) -> DataSet:
    return demo_like(kai, anna, paul, bielefeld)


def _export(**params: str) -> list[dict[str, Any]]:
    response = Client().get(reverse("hsds:services"), {"full": "true", "per_page": "100", **params})
    assert response.status_code == 200, response.content
    contents: list[dict[str, Any]] = response.json()["contents"]
    return sorted(contents, key=lambda s: s["name"])


def _stable(service: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in service.items() if k not in VOLATILE}


def _without_ids(value: Any) -> Any:
    """The value without ids and the organisation (what a copy in another KI changes)."""
    if isinstance(value, dict):
        return {
            k: _without_ids(v)
            for k, v in value.items()
            if k not in ("id", "organization", "organization_id", *VOLATILE)
            and not k.endswith("_id")
        }
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _file(services: list[dict[str, Any]]) -> bytes:
    return json.dumps({"total_items": len(services), "contents": services}).encode()


def _attribute_codes(service: dict[str, Any]) -> set[str]:
    return {a["taxonomy_term"]["code"] for a in service["attributes"]}


def test_the_export_imports_into_an_empty_guide_and_exports_the_same(
    data: DataSet, kai, bielefeld
) -> None:
    before = _export()
    course = next(s for s in before if s["id"] == str(data.course.uuid))
    # The data set has what the round trip must carry.
    assert {"teilhabe:summary", "teilhabe:translation", "B1", "newcomers", "parents"} <= (
        _attribute_codes(course)
    )
    assert course["wait_time"] == "etwa 2 Wochen" and len(course["schedules"]) == 2
    Offer.objects.all().delete()  # moving in: the guide has none of them

    result = importing.import_content(_file(before), bielefeld, by=kai, publish=True)
    assert (result.added, result.failed) == (2, 0), result.errors
    after = _export()
    assert [_stable(s) for s in after] == [_stable(s) for s in before]
    # The ids are kept, the provider found again by its uuid; nothing junk kept aside.
    offer = Offer.objects.get(uuid=data.course.uuid)
    assert offer.provider == data.provider
    assert set(offer.hsds_extra) == {"service", "organization"}
    assert set(offer.hsds_extra["service"]) == {
        "wait_time",
        "eligibility_description",
        "minimum_age",
    }
    assert offer.hsds_extra["organization"] == {"tax_status": "gemeinnützig"}
    # Importing the same file again changes nothing.
    again = importing.import_content(_file(after), bielefeld, by=kai, publish=True)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2), again.errors


def test_every_language_and_the_english_view_round_trip(data: DataSet, kai, bielefeld) -> None:
    before, arabic = _export(lang="en"), _export(lang="ar")
    course = next(s for s in before if s["id"] == str(data.course.uuid))
    assert course["name"] == "Evening integration course B1"
    Offer.objects.all().delete()
    result = importing.import_content(_file(before), bielefeld, by=kai, publish=True)
    assert result.failed == 0, result.errors
    offer = Offer.objects.get(uuid=data.course.uuid)
    assert offer.source_language == "de"  # teilhabe:source_language, not the text's language
    texts = {t.language: (t.title, t.summary) for t in offer.texts.all()}
    assert texts == {
        "de": ("Integrationskurs B1 am Abend", "Deutsch lernen nach der Arbeit."),
        "en": ("Evening integration course B1", "Learn German after work."),
        "ar": ("دورة الاندماج المسائية", "تعلم الألمانية"),
    }
    assert [_stable(s) for s in _export(lang="en")] == [_stable(s) for s in before]
    assert [_stable(s) for s in _export(lang="ar")] == [_stable(s) for s in arabic]


def test_the_record_fields_survive_the_trip(data: DataSet, kai, bielefeld) -> None:
    batch = mapping.Batch.load([data.course])
    exported = mapping.service(data.course, batch)
    [row] = hsds_in.read(json.dumps(exported).encode())
    assert row.errors == []
    record = row.record
    assert record is not None
    original = batch.record(data.course)
    assert record.id == original.id and record.category == "course_general"
    assert record.source_language == "de" and record.texts == original.texts
    assert record.course == original.course
    assert record.course is not None and record.course["ends_on"] == datetime.date(2027, 7, 30)
    for name in (
        "target_groups",
        "languages",
        "cost",
        "cost_amount",
        "registration_until",
        "free_places",
        "contact_phone",
        "website",
        "next_start",
        "hours_per_week",
    ):
        assert record.data[name] == original.data[name], name
    assert [(p.id, p.lat, p.lon, p.step_free, p.languages) for p in record.locations] == [
        (p.id, p.lat, p.lon, p.step_free, p.languages) for p in original.locations
    ]
    assert record.provider is not None and record.provider.id == data.provider.uuid
    # The same record through the CSV: written and read back, identical.
    content = "".join(csvformat.write([record])).encode("utf-8")
    [csv_row] = csvformat.read(content)
    assert csv_row.errors == []
    assert csv_row.record == record


def test_opening_hours_and_a_ki_as_organization_round_trip(data: DataSet, kai, bielefeld) -> None:
    published = data.counselling.published_snapshot
    published["texts"]["de"]["opening_hours"] = "Mo–Do 9–15 Uhr"
    Offer.objects.filter(pk=data.counselling.pk).update(published_snapshot=published)
    before = _export()
    counselling = next(s for s in before if s["id"] == str(data.counselling.uuid))
    assert counselling["organization"]["organization_identifiers"][0]["identifier"] == "05711"
    [row] = hsds_in.read(json.dumps(counselling).encode())
    assert row.record is not None
    assert row.record.provider is None  # the KI provides it: the importing KI will
    assert "organization" not in row.record.extra  # its name, e-mail … are the KI's own
    assert row.record.texts["de"]["opening_hours"] == "Mo–Do 9–15 Uhr"


def test_a_neighbour_takes_the_offers_over_as_copies(data: DataSet, kai, carla, dortmund) -> None:
    before = _export()
    # Dortmund's KI takes them over; their places lie outside its area, so without them.
    moved = copy.deepcopy(before)
    for service in moved:
        service["service_at_locations"] = []
    result = importing.import_content(_file(moved), dortmund, by=carla, publish=True)
    assert (result.added, result.failed) == (2, 0), result.errors
    copies = Offer.objects.filter(centre=dortmund)
    assert {o.uuid for o in copies} == {
        importing.taken_over_id(data.course.uuid, "05913"),
        importing.taken_over_id(data.counselling.uuid, "05913"),
    }
    assert Offer.objects.filter(centre__grantee__key="05711", status="published").count() == 2
    theirs = _export(organization_id=str(mapping.tx.ki_organization_id("05913")))
    copied = [s for s in _export() if s["id"] in {str(o.uuid) for o in copies}]
    assert {s["id"] for s in theirs} == {s["id"] for s in copied} and len(copied) == 2
    assert _without_ids(sorted(copied, key=lambda s: s["name"])) == _without_ids(moved)
    # The places outside Dortmund's area are refused, never moved silently.
    refused = importing.import_content(_file(before), dortmund, by=carla)
    assert {e.code for e in refused.errors} == {"municipality_outside_area"}


def test_a_foreign_service_imports_with_the_default_category_and_keeps_its_extras(
    kai, bielefeld
) -> None:
    sid, lid = uuid.uuid4(), uuid.uuid4()
    foreign = {
        "id": str(sid),
        "name": "Frauencafé",
        "description": "Treffpunkt für Frauen aus aller Welt.",
        "status": "active",
        "alternate_name": "Café International",
        "wait_time": "keine",
        "fees_description": "Spende erbeten",
        "schedules": [
            {"id": str(uuid.uuid4()), "dtstart": "2027-03-04", "description": "donnerstags"}
        ],
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(lid),
                    "location_type": "physical",
                    "transportation": "Stadtbahn 4",
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "address_1": "Niederwall 23",
                            "city": "Bielefeld",
                            "postal_code": "33602",
                            "country": "DE",
                            "address_type": "physical",
                            "state_province": "NRW",
                        }
                    ],
                    "accessibility": [
                        {"id": str(uuid.uuid4()), "description": "Kein stufenloser Zugang"}
                    ],
                },
            }
        ],
        "attributes": [
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term": {
                    "id": str(uuid.uuid4()),
                    "code": "women-meeting",
                    "name": "Treffpunkt",
                    "description": "Treffpunkt",
                    "taxonomy": "kommune-kategorien",
                },
            }
        ],
    }
    meeting = Category.objects.get(code="counselling")
    result = importing.import_content(
        json.dumps([foreign]).encode(), bielefeld, by=kai, default_category=meeting, publish=True
    )
    assert (result.added, result.failed) == (1, 0), result.errors
    offer = Offer.objects.get(uuid=sid)
    assert offer.category == meeting and offer.source_language == "de"
    assert (
        offer.next_start == datetime.date(2027, 3, 4)
        and offer.text_in("de").recurrence == "donnerstags"
    )
    place = offer.locations.get()
    assert place.uuid == lid and place.step_free is False and place.municipality.ags == "05711000"
    extra = offer.hsds_extra
    assert extra["service"]["wait_time"] == "keine"
    assert extra["service"]["fees_description"] == "Spende erbeten"
    assert extra["service"]["attributes"][0]["taxonomy_term"]["code"] == "women-meeting"
    assert extra["locations"][str(lid)]["transportation"] == "Stadtbahn 4"
    served = Client().get(reverse("hsds:service", args=[sid])).json()
    assert served["alternate_name"] == "Café International" and served["wait_time"] == "keine"
    assert served["service_at_locations"][0]["location"]["transportation"] == "Stadtbahn 4"
    assert list(hsds_in.validator().iter_errors(served)) == []

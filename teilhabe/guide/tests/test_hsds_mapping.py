"""The mapping of a published offer to an HSDS service: the ids, the provider or the KI as
organization, fees, schedules, locations, attributes and what an import kept."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from teilhabe.guide.hsds import mapping
from teilhabe.guide.hsds import taxonomies as tx
from teilhabe.guide.models import Offer

from .hsds_data import EXTRA, DataSet, demo_like

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(kai, anna, paul, bielefeld) -> DataSet:  # type: ignore[no-untyped-def]
    return demo_like(kai, anna, paul, bielefeld)


def _service(offer: Offer, lang: str | None = None) -> dict[str, Any]:
    offer = Offer.objects.select_related("centre__grantee").get(pk=offer.pk)
    return mapping.service(offer, mapping.Batch.load([offer]), lang=lang)


def _attributes(service: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [a for a in service["attributes"] if a["taxonomy_term"]["code"] == code]


def test_ids_are_the_offers_and_derived_from_their_parents(data: DataSet) -> None:
    served = _service(data.course)
    assert served["id"] == str(data.course.uuid)
    assert served == _service(data.course)  # stable between requests
    place = data.course.locations.order_by("pk").first()
    assert place is not None
    sal = served["service_at_locations"][0]
    assert sal["location"]["id"] == str(place.uuid)
    assert sal["id"] == str(uuid.uuid5(place.uuid, "service_at_location"))
    assert sal["location"]["addresses"][0]["id"] == str(uuid.uuid5(place.uuid, "address"))
    contact = served["contacts"][0]
    assert contact["id"] == str(uuid.uuid5(data.course.uuid, "contact"))
    ids = [served["id"]]

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            if "id" in value and "taxonomy" not in value:
                ids.append(value["id"])
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    collect(served)
    assert len(ids) == len(set(ids)) + 1  # unique (the service's own id counted twice)


def test_the_provider_is_the_organization(data: DataSet) -> None:
    served = _service(data.course)
    assert served["organization_id"] == str(data.provider.uuid)
    assert served["organization"]["name"] == data.provider.name


def test_without_a_provider_the_ki_is_the_organization(data: DataSet, bielefeld) -> None:  # type: ignore[no-untyped-def]
    served = _service(data.counselling)
    expected = uuid.uuid5(uuid.NAMESPACE_URL, "https://teilhabe.nrw/ki/05711")
    assert served["organization_id"] == str(expected) == str(tx.ki_organization_id("05711"))
    assert served["organization"]["name"] == bielefeld.name


def test_a_fee_is_a_cost_option_and_free_is_kostenlos(data: DataSet) -> None:
    course = _service(data.course)
    assert course["fees_description"] == "120,50 Euro"
    assert course["cost_options"] == [
        {
            "id": str(uuid.uuid5(data.course.uuid, "cost_option")),
            "service_id": str(data.course.uuid),
            "option": "fee",
            "currency": "EUR",
            "amount": 120.5,
        }
    ]
    free = _service(data.counselling)
    assert free["fees_description"] == "kostenlos" and free["cost_options"] == []


def test_the_dates_and_the_opening_hours_are_schedules(data: DataSet) -> None:
    schedules = _service(data.course)["schedules"]
    dates, hours = schedules
    assert (dates["dtstart"], dates["valid_from"], dates["valid_to"]) == (
        "2027-02-01",
        "2027-02-01",
        "2027-07-30",
    )
    assert dates["description"] == "jeden Dienstag"
    assert dates["notes"] == "duration: 6 Monate; hours per week: 12.5"
    assert dates["attributes"][0]["value"] == "dates"
    assert hours["description"] == "Mo–Do 9–12 Uhr"
    assert hours["attributes"][0]["value"] == "opening_hours"


def test_locations_carry_address_ags_languages_and_step_free(data: DataSet) -> None:
    first, second = (s["location"] for s in _service(data.course)["service_at_locations"])
    assert first["external_identifier"] == "05711000"
    assert first["external_identifier_type"] == "AGS"
    address = first["addresses"][0]
    assert (address["city"], address["state_province"], address["country"]) == (
        "Bielefeld",
        "Nordrhein-Westfalen",
        "DE",
    )
    assert [(lang["code"], lang["name"]) for lang in first["languages"]] == [
        ("de", "German"),
        ("tr", "Turkish"),
    ]
    assert first["accessibility"][0]["attributes"][0]["value"] == "true"
    assert isinstance(first["latitude"], float)
    # Unknown step-free access and no coordinates: left out, not guessed.
    assert "accessibility" not in second and "latitude" not in second and "name" not in second


def test_the_texts_in_the_asked_language_and_the_others_as_translations(data: DataSet) -> None:
    german = _service(data.course)
    assert german["name"] == "Integrationskurs B1 am Abend"
    assert _attributes(german, "teilhabe:text_language")[0]["value"] == "de"
    translations = [json.loads(a["value"]) for a in _attributes(german, "teilhabe:translation")]
    assert [t["language"] for t in translations] == ["ar", "en"]
    assert translations[1]["summary"] == "Learn German after work."
    english = _service(data.course, "en")
    assert english["name"] == "Evening integration course B1"
    assert _attributes(english, "teilhabe:summary")[0]["value"] == "Learn German after work."
    assert _attributes(english, "teilhabe:source_language")[0]["value"] == "de"
    assert {
        json.loads(a["value"])["language"] for a in _attributes(english, "teilhabe:translation")
    } == {"ar", "de"}
    turkish = _service(data.course, "tr")  # no Turkish text: the source language
    assert turkish["name"] == german["name"]


def test_how_to_register_and_the_dates_are_in_the_services_language(data: DataSet) -> None:
    english = _service(data.course, "en")
    assert english["application_process"] == "By phone or at the office"
    [dates] = english["schedules"]  # the English text has no opening hours of its own
    assert dates["description"] == "every Tuesday"
    assert dates["notes"] == "duration: 6 months; hours per week: 12.5"
    assert _attributes(english, "teilhabe:duration")[0]["value"] == "6 months"
    [german] = [
        json.loads(a["value"])
        for a in _attributes(english, "teilhabe:translation")
        if json.loads(a["value"])["language"] == "de"
    ]
    assert german["registration_how"] == "Telefonisch oder im Büro"
    assert (german["recurrence"], german["duration"]) == ("jeden Dienstag", "6 Monate")
    assert german["opening_hours"] == "Mo–Do 9–12 Uhr"


def test_course_details_and_classifications_are_attributes(data: DataSet) -> None:
    served = _service(data.course)
    values = {
        a["taxonomy_term"]["code"]: a.get("value")
        for a in served["attributes"]
        if a["link_type"] == "value"
    }
    assert values["teilhabe:places"] == "20"
    assert values["teilhabe:places_taken"] == "12"
    assert values["teilhabe:childcare"] == "true"
    assert values["teilhabe:registration_deadline"] == "2027-01-20"
    assert values["teilhabe:hours_per_week"] == "12.5"
    kinds = {(a["link_type"], a["taxonomy_term"]["code"]) for a in served["attributes"]}
    assert {("category", "course_general"), ("level", "B1"), ("class_format", "evening")} <= kinds
    assert ("target_group", "parents") in kinds
    category = _attributes(served, "course_general")[0]["taxonomy_term"]
    assert category["parent_id"] == str(tx.term_id(tx.CATEGORY, "language_courses"))
    assert category["taxonomy_id"] == str(uuid.uuid5(tx.NAMESPACE, "teilhabe-categories"))


def test_what_an_import_kept_comes_back_without_overriding_the_guide(data: DataSet) -> None:
    served = _service(data.course)
    assert served["wait_time"] == EXTRA["service"]["wait_time"]
    assert served["minimum_age"] == 16
    assert served["url"] == "https://lindenhof.example/kurse"  # the guide's, not the source's
    assert "alert" not in served  # a number where HSDS wants text: left out
    assert served["organization"]["tax_status"] == "gemeinnützig"
    assert served["organization"]["name"] == data.provider.name


def test_the_mapping_needs_no_query(data: DataSet, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    offers = list(
        Offer.objects.filter(pk__in=[data.course.pk, data.counselling.pk]).select_related(
            "centre__grantee"
        )
    )
    batch = mapping.Batch.load(offers)
    with django_assert_num_queries(0):
        mapping.services_of(offers, batch, lang="en")

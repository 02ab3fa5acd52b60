"""The open-data downloads and their page: every public offer, streamed in batches with a
number of queries that grows per batch, never per offer; weak ETags that follow changes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.guide import opendata, services

from .hsds_data import DataSet, demo_like
from .test_hsds_api import _bulk

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(kai, anna, paul, bielefeld) -> DataSet:  # type: ignore[no-untyped-def]
    return demo_like(kai, anna, paul, bielefeld)


def _download(name: str, **headers: str) -> tuple[Any, Any]:
    response = Client().get(reverse(name), headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, (json.loads(body) if body else None)


def test_the_page_lists_the_downloads_the_licence_and_the_interface(data: DataSet) -> None:
    response = Client().get(reverse("guide:open_data"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("guide:open_data_offers") in html
    assert reverse("hsds:dataset") in html
    assert reverse("hsds:services") in html
    assert 'data-licence="dl-de/by-2-0"' in html
    assert "Datenlizenz Deutschland – Namensnennung – 2.0" in html
    assert 'class="breadcrumbs"' in html


def test_the_records_are_the_public_offers_as_published(data: DataSet) -> None:
    response, body = _download("guide:open_data_offers")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert body["licence"]["id"] == "dl-de/by-2-0"
    offers = {o["id"]: o for o in body["offers"]}
    assert set(offers) == {str(data.course.uuid), str(data.counselling.uuid)}
    course = offers[str(data.course.uuid)]
    assert set(course["texts"]) == {"de", "en", "ar"}
    assert course["course"]["starts_on"] == "2027-02-01"
    assert course["data"]["cost_amount"] == "120.50"
    assert course["provider"]["id"] == str(data.provider.uuid)
    assert course["locations"][0]["municipality_key"] == "05711000"
    assert course["extra"]["service"]["wait_time"] == "etwa 2 Wochen"
    assert course["centre"] == "05711"
    assert offers[str(data.counselling.uuid)]["provider"] is None


@pytest.mark.parametrize("name", ["guide:open_data_offers", "hsds:dataset"])
def test_a_download_has_a_weak_etag_that_follows_changes(
    name: str,
    data: DataSet,
    kai,  # type: ignore[no-untyped-def]
) -> None:
    first, _ = _download(name)
    etag = first["ETag"]
    assert etag.startswith('W/"') and first["Last-Modified"]
    again, body = _download(name, If_None_Match=etag)
    assert again.status_code == 304 and body is None
    services.change_status(data.counselling, by=kai, to="archived")
    changed, items = _download(name, If_None_Match=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    found = items["offers"] if isinstance(items, dict) else items
    assert [o["id"] for o in found] == [str(data.course.uuid)]


def _queries(name: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        _download(name)
    return len(queries)


@pytest.mark.parametrize("name", ["guide:open_data_offers", "hsds:dataset"])
def test_a_download_queries_per_batch_not_per_offer(
    name: str,
    kai,
    bielefeld,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    _bulk(kai, bielefeld, 5)
    monkeypatch.setattr(opendata, "BATCH", 40)
    few = _queries(name)  # one batch of 5
    _bulk(kai, bielefeld, 35)
    one_batch = _queries(name)  # one batch of 40
    assert one_batch == few
    monkeypatch.setattr(opendata, "BATCH", 10)
    # Four batches of 10: three more, each its offers and their municipalities (the copies
    # have no provider: no third query).
    assert _queries(name) == one_batch + 3 * 2


def test_the_dataset_in_another_language(data: DataSet) -> None:
    _, items = _download("hsds:dataset")
    response = Client().get(reverse("hsds:dataset") + "?lang=en")
    english = json.loads(b"".join(response.streaming_content))
    names = {i["id"]: i["name"] for i in english}
    assert names[str(data.course.uuid)] == "Evening integration course B1"
    assert {i["id"] for i in items} == set(names)
    assert Client().get(reverse("hsds:dataset") + "?lang=xx").status_code == 422

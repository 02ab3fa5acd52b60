"""The public guide API: search, one offer, categories; ETag, Last-Modified, 304, CORS, 422."""

from __future__ import annotations

import datetime
import typing
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.guide import services
from teilhabe.guide.api import PARAMETERS, Language
from teilhabe.guide.models import LANGUAGES, Category, Offer
from teilhabe.guide.search import query as search_query

from . import factories as f

OFFERS = "/api/v1/guide/offers"


@pytest.fixture
def offer(anna: User, bielefeld: Centre) -> Offer:
    created = services.add_offer(
        bielefeld,
        by=anna,
        data=f.offer_data(
            category=Category.objects.get(code="course_general"),
            next_start=datetime.date(2027, 2, 1),
        ),
        texts=f.texts(
            de={"title": "Sprachkurs am Abend", "summary": "Deutsch lernen.", "description": ""}
        ),
        locations=[f.location(bielefeld)],
        course=f.course(starts_on=datetime.date(2027, 1, 11)),
    )
    return services.change_status(created, by=anna, to="published")


def _get(client: Client, path: str, **headers: Any) -> Any:
    return client.get(path, headers=headers)


@pytest.mark.django_db
def test_it_searches_anonymously(client: Client, offer: Offer) -> None:
    response = _get(client, OFFERS + "?q=counsel&lang=en")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    hit = body["results"][0]
    assert hit["id"] == str(offer.uuid)
    assert hit["language"] == "en"  # the factory's English text
    assert hit["category"] == "course_general"
    assert hit["district"] == "05711" and hit["municipality"] == "05711000"
    assert hit["next_start"] == "2027-01-11"  # the course's start
    assert hit["location"]["lat"] is not None and hit["location"]["address"]
    assert hit["url"].endswith(f"/wegweiser/angebote/{offer.uuid}/?lang=en")
    assert hit["distance_km"] is None
    assert {f["value"]: f["count"] for f in body["facets"]["category"]} == {"language_courses": 1}
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_it_links_the_next_and_previous_pages(
    client: Client, anna: User, bielefeld: Centre
) -> None:
    for _ in range(3):
        f.published(bielefeld, anna)
    body = _get(client, OFFERS + "?page_size=1&page=2").json()
    assert body["count"] == 3
    assert body["next"].endswith("page_size=1&page=3")
    assert body["previous"].endswith("page_size=1&page=1")
    assert len(body["results"]) == 1


@pytest.mark.django_db
def test_it_answers_bad_parameters_with_one_error_each(client: Client, territory: None) -> None:
    response = _get(
        client, OFFERS + "?district=5711&category=nope&near=99999&page=0&free=&sort=distance"
    )
    assert response.status_code == 422
    errors = {e["field"]: e["code"] for e in response.json()["errors"]}
    assert errors == {
        "district": "invalid_district",
        "category": "unknown_category",
        "near": "unknown_postcode",
        "page": "invalid_page",
        "free": "blank",
    }  # sort=distance has a place, only not a known one: no second error for it
    assert response["Access-Control-Allow-Origin"] == "*"
    half = _get(client, OFFERS + "?sort=distance&lat=52.0").json()["errors"]
    assert {e["field"]: e["code"] for e in half} == {"lat": "lat_lon_both"}
    alone = _get(client, OFFERS + "?sort=distance").json()["errors"]
    assert {e["field"]: e["code"] for e in alone} == {"sort": "distance_needs_place"}


@pytest.mark.django_db
def test_the_api_is_strict_where_a_form_is_lenient(client: Client, territory: None) -> None:
    assert _get(client, OFFERS + "?free=yes").json()["errors"][0]["code"] == "invalid_boolean"
    assert _get(client, OFFERS + "?languages=de,ar").json()["errors"][0]["code"] == (
        "unknown_language"
    )
    assert search_query.parse_query({"free": "yes", "languages": "de,ar"}).free is True


@pytest.mark.django_db
def test_it_answers_304_to_a_known_etag_and_an_unchanged_date(client: Client, offer: Offer) -> None:
    first = _get(client, OFFERS)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified
    assert _get(client, OFFERS, If_None_Match=etag).status_code == 304
    assert _get(client, OFFERS, If_Modified_Since=modified).status_code == 304
    assert _get(
        client, OFFERS, If_None_Match='"other"', If_Modified_Since=modified
    ).status_code == (200)  # If-None-Match decides when given
    long_ago = http_date(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC).timestamp())
    assert _get(client, OFFERS, If_Modified_Since=long_ago).status_code == 200


@pytest.mark.django_db
def test_last_modified_moves_when_an_offer_leaves_the_results(
    client: Client, offer: Offer, anna: User, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    before = _get(client, OFFERS)["Last-Modified"]
    time_machine.move_to(datetime.datetime(2030, 1, 2, tzinfo=datetime.UTC))
    services.change_status(offer, by=anna, to="archived")
    after = _get(client, OFFERS, If_Modified_Since=before)
    assert after.status_code == 200
    assert after.json()["count"] == 0
    assert after["Last-Modified"] != before


@pytest.mark.django_db
def test_it_answers_a_cors_preflight(client: Client, territory: None) -> None:
    response = client.options(
        OFFERS,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "POST" not in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    post = client.options(
        OFFERS, headers={"Origin": "https://x.org", "Access-Control-Request-Method": "POST"}
    )
    assert post.status_code == 405
    assert client.post(OFFERS).status_code == 405


@pytest.mark.django_db
def test_it_serves_one_published_offer_in_the_chosen_language(client: Client, offer: Offer) -> None:
    response = _get(client, f"{OFFERS}/{offer.uuid}?lang=ar")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(offer.uuid)
    assert body["language"] == "de"  # no Arabic text: the source language
    assert body["text"]["title"] == "Sprachkurs am Abend"
    assert body["text_languages"] == ["de", "en"]
    assert body["course"]["target_level"] == "B1" and body["course"]["free_places"] == 8
    assert body["locations"][0]["municipality"] == "05711000"
    assert body["schedule"]["next_start"] == "2027-02-01"
    assert body["cost"] == {"free_of_charge": True, "amount": None}
    assert response["ETag"] and response["Last-Modified"]
    english = _get(client, f"{OFFERS}/{offer.uuid}?lang=en").json()
    assert (english["language"], english["text"]["title"]) == (
        "en",
        "Migration counselling for adults",
    )
    assert _get(client, f"{OFFERS}/{offer.uuid}", If_None_Match=response["ETag"]).status_code == 304


@pytest.mark.django_db
def test_it_shows_the_published_version_not_a_pending_change(
    client: Client, anna: User, bielefeld: Centre, paul: User
) -> None:
    org = f.partner_organisation(bielefeld, anna, paul)
    offer = f.published(bielefeld, anna, provider=org)
    services.update_offer(
        offer,
        by=paul,
        data=f.offer_data(provider=org),
        texts=f.texts(de={"title": "Neuer Titel", "summary": "", "description": ""}),
        locations=[f.location(bielefeld)],
    )
    body = _get(client, f"{OFFERS}/{offer.uuid}").json()
    assert body["text"]["title"] == "Migrationsberatung für Erwachsene"
    assert body["provider"]["name"] == org.name


@pytest.mark.django_db
def test_unknown_draft_and_archived_offers_are_404(
    client: Client, anna: User, bielefeld: Centre, offer: Offer
) -> None:
    draft = f.offer(bielefeld, anna)
    services.change_status(offer, by=anna, to="archived")
    for uuid in (offer.uuid, draft.uuid, "00000000-0000-4000-8000-000000000000"):
        response = _get(client, f"{OFFERS}/{uuid}")
        assert response.status_code == 404, uuid
        assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.django_db
def test_it_lists_the_active_category_tree(client: Client, territory: None) -> None:
    Category.objects.filter(code="course_literacy").update(is_active=False)
    response = _get(client, "/api/v1/guide/categories")
    assert response.status_code == 200
    rows = {c["code"]: c for c in response.json()}
    assert rows["language_courses"]["parent"] is None
    assert rows["course_general"]["parent"] == "language_courses"
    assert "course_general" in rows["language_courses"]["children"]
    assert (
        "course_literacy" not in rows
        and "course_literacy" not in (rows["language_courses"]["children"])
    )
    assert response["Last-Modified"]
    assert (
        _get(client, "/api/v1/guide/categories", If_None_Match=response["ETag"]).status_code == 304
    )


@pytest.mark.django_db
def test_the_search_needs_the_same_queries_for_one_result_or_many(
    client: Client, anna: User, bielefeld: Centre
) -> None:
    f.published(bielefeld, anna)
    with CaptureQueriesContext(connection) as one:
        assert _get(client, OFFERS + "?q=Migration").json()["count"] == 1
    for _ in range(6):
        f.published(bielefeld, anna)
    with CaptureQueriesContext(connection) as many:
        assert _get(client, OFFERS + "?q=Migration").json()["count"] == 7
    assert len(many.captured_queries) == len(one.captured_queries) <= 12


def test_the_documented_parameters_are_the_ones_parse_query_reads() -> None:
    assert [name for name, _schema, _d in PARAMETERS] == list(search_query.PARAMS)
    assert set(typing.get_args(Language)) == set(LANGUAGES)


@pytest.mark.django_db
def test_a_repeated_search_is_answered_from_the_cache_with_one_query(
    client: Client, offer: Offer, anna: User, django_assert_num_queries: Any
) -> None:
    path = OFFERS + "?q=Sprachkurs&near=33602&radius_km=20"
    first = _get(client, path)
    assert first.json()["count"] == 1
    with django_assert_num_queries(1):  # the search table's and the categories' last change
        again = _get(client, path)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]
    assert _get(client, path, If_None_Match=first["ETag"]).status_code == 304
    services.change_status(offer, by=anna, to="archived")  # the table changed: no cached answer
    assert _get(client, path).json()["count"] == 0


@pytest.mark.django_db
def test_a_cached_answer_is_not_given_once_the_category_tree_changed(
    client: Client, offer: Offer
) -> None:
    path = OFFERS + "?category=counselling"
    assert _get(client, path).json()["count"] == 0
    course = Category.objects.get(code="course_general")
    course.parent = Category.objects.get(code="counselling")
    course.save()  # the course type now lies in counselling's subtree
    assert _get(client, path).json()["count"] == 1

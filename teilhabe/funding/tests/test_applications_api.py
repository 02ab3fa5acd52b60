"""GET /api/v1/funding/applications[/{id}]: scoped, paginated, money as strings, fixed queries."""

from __future__ import annotations

import pytest

from teilhabe.accounts.services import create_api_token
from teilhabe.funding.models import ApplicationStatus

from . import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/funding/applications"


def test_it_lists_the_own_ki_only_for_a_ki(kai, bielefeld, dortmund, verified_client):
    own = factories.application(bielefeld)
    factories.application(dortmund)
    body = verified_client(kai).get(URL).json()
    assert body["count"] == 1
    assert body["items"][0]["id"] == own.pk
    assert body["items"][0]["centre"] == bielefeld.name


def test_it_lists_every_ki_for_the_grant_authority_with_filters(
    bernd, bielefeld, dortmund, verified_client
):
    factories.application(bielefeld, year=2026, status=ApplicationStatus.IN_REVIEW)
    factories.application(dortmund, year=2025, last_year=2027, status=ApplicationStatus.SUBMITTED)
    factories.application(dortmund, year=2028)  # a draft: the KI's own
    client = verified_client(bernd)
    assert client.get(URL).json()["count"] == 2
    assert [a["centre_id"] for a in client.get(URL, {"status": "submitted"}).json()["items"]] == [
        dortmund.pk
    ]
    assert client.get(URL, {"year": "2027"}).json()["count"] == 1
    assert client.get(URL, {"year": "2028"}).json()["count"] == 0


def test_it_answers_with_a_token(anna, bielefeld, client):
    factories.application(bielefeld)
    _token, raw = create_api_token(anna, by=anna, name="Export")
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_it_gives_the_grant_per_year_as_strings_with_two_decimals(anna, bielefeld, verified_client):
    application = factories.application(bielefeld, year=2026, last_year=2027)
    body = verified_client(anna).get(f"{URL}/{application.pk}").json()
    assert [y["year"] for y in body["years"]] == [2026, 2027]
    year = body["years"][0]
    assert year["guideline"] == "2022"
    # Each position: min(57,000 per full-time specialist x fte, its annual cost).
    assert year["lines"][0] == {
        "label": year["lines"][0]["label"],
        "amount": "57000.00",
        "citation": year["lines"][0]["citation"],
    }
    assert year["total"] == "188500.00"  # 57,000 + 57,000 + 52,000 + 22,500
    assert body["total"] == "377000.00"
    assert body["own_contribution"]["total"] == "46500.00"
    assert body["positions"][3]["fte"] == "0.50"
    assert {c["outcome"] for c in body["checks"]} <= {"passed", "not_applicable"}
    assert body["missing"] == []


def test_it_answers_not_found_for_another_ki(carla, bielefeld, verified_client):
    application = factories.application(bielefeld)
    response = verified_client(carla).get(f"{URL}/{application.pk}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_it_keeps_its_queries_fixed(
    bernd, bielefeld, dortmund, verified_client, django_assert_num_queries
):
    submitted = ApplicationStatus.SUBMITTED
    factories.application(bielefeld, status=submitted)
    client = verified_client(bernd)
    client.get(URL)
    with django_assert_num_queries(QUERIES_LIST):
        client.get(URL)
    factories.application(dortmund, status=submitted)
    factories.application(bielefeld, year=2027, concept=None, with_concept=False, status=submitted)
    with django_assert_num_queries(QUERIES_LIST):
        assert client.get(URL).json()["count"] == 3


def test_the_detail_keeps_its_queries_fixed(
    bernd, bielefeld, verified_client, django_assert_num_queries
):
    application = factories.application(bielefeld, status=ApplicationStatus.SUBMITTED)
    client = verified_client(bernd)
    client.get(f"{URL}/{application.pk}")
    with django_assert_num_queries(QUERIES_DETAIL):
        client.get(f"{URL}/{application.pk}")


QUERIES_LIST = 8  # token or session, user, device, count, page
QUERIES_DETAIL = 11  # incl. the guideline version of the year (once: the checks reuse it)


def test_a_check_waiting_for_a_missing_item_is_incomplete_not_failed(
    anna, bielefeld, verified_client
):
    application = factories.application(bielefeld, council_resolution_date=None)
    body = verified_client(anna).get(f"{URL}/{application.pk}").json()
    outcomes = {c["code"]: c["outcome"] for c in body["checks"]}
    assert outcomes["council_resolution"] == "incomplete"
    assert {o for code, o in outcomes.items() if code != "council_resolution"} <= {
        "passed",
        "not_applicable",
    }
    assert [m["code"] for m in body["missing"]] == ["council_resolution_missing"]

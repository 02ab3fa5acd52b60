"""POST /api/v1/proofs/interest and GET /api/v1/proofs/base-rates: public, the stable codes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/api/v1/proofs/interest"


def post(client: Client, **body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_anyone_computes_interest_across_1_july(client):
    response = post(client, amount="10000.00", **{"from": "2024-06-15", "until": "2024-07-15"})
    assert response.status_code == 200
    body = response.json()
    assert body["interest"] == "53.38"
    assert body["segments"] == [
        {
            "from": "2024-06-16",
            "until": "2024-06-30",
            "days": 15,
            "base_rate": "3.62",
            "rate": "6.62",
            "interest": "27.21",
        },
        {
            "from": "2024-07-01",
            "until": "2024-07-15",
            "days": 15,
            "base_rate": "3.37",
            "rate": "6.37",
            "interest": "26.18",
        },
    ]
    assert "§ 49a Abs. 3 VwVfG NRW" in body["citation"]


def test_the_example_of_the_schema_answers(client):
    example = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["InterestIn"]
    response = post(client, **example["examples"][0])
    assert response.status_code == 200 and response.json()["interest"]


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"amount": "0", "from": "2025-01-01", "until": "2025-02-01"}, "amount", "invalid_amount"),
        ({"amount": "-5", "from": "2025-01-01", "until": "2025-02-01"}, "amount", "invalid_amount"),
        (
            {"amount": "1.001", "from": "2025-01-01", "until": "2025-02-01"},
            "amount",
            "invalid_amount",
        ),
        (
            {"amount": "1e999999999", "from": "2025-01-01", "until": "2025-02-01"},
            "amount",
            "invalid_amount",
        ),
        (
            {"amount": "zehn", "from": "2025-01-01", "until": "2025-02-01"},
            "amount",
            "invalid_amount",
        ),
        (
            {"amount": "100000000.01", "from": "2025-01-01", "until": "2025-02-01"},
            "amount",
            "invalid_amount",
        ),
        (
            {"amount": "1.00", "from": "2025-02-01", "until": "2025-01-01"},
            "until",
            "until_before_from",
        ),
        ({"amount": "1.00", "from": "1999-12-31", "until": "2025-01-01"}, "from", "invalid_date"),
        ({"amount": "1.00", "from": "2025-01-01", "until": "2101-01-01"}, "until", "invalid_date"),
        ({"amount": "1.00", "from": "2025-13-01", "until": "2025-02-01"}, "from", "invalid_date"),
        ({"amount": "1.00", "from": "2010-01-01", "until": "2012-02-01"}, "from", "no_base_rate"),
        ({"amount": "1.00", "from": "2026-06-01", "until": "2026-07-01"}, "until", "no_base_rate"),
        ({"amount": "1.00", "until": "2026-01-01"}, "from", "required"),
        ({"amount": 12, "from": "2025-01-01", "until": "2025-02-01"}, "amount", "invalid_type"),
    ],
)
def test_it_refuses_with_422_and_a_stable_code(client, body, field, code):
    response = post(client, **body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)], errors
    assert all(e["message"] for e in errors)


def test_no_base_rate_names_the_day_in_the_message(client):
    response = post(client, amount="1.00", **{"from": "2026-06-01", "until": "2026-07-01"})
    assert "01.07.2026" in response.json()["errors"][0]["message"]


def test_the_base_rates_are_public_newest_first(client):
    response = client.get("/api/v1/proofs/base-rates")
    assert response.status_code == 200
    rates = response.json()
    assert rates[0]["valid_from"] == "2026-01-01" and rates[0]["rate"] == "1.27"
    assert rates[-1] == {
        "valid_from": "2012-01-01",
        "rate": "0.12",
        "source": rates[-1]["source"],
    }
    assert "Bundesbank" in rates[-1]["source"]

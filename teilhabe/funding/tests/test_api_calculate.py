"""POST /api/v1/funding/calculate: the public calculator."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

URL = "/api/v1/funding/calculate"


def body(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "district": "05711",
        "period_start": "2013-01-01",
        "period_end": "2013-12-31",
        "positions": [
            {"category": "pedagogical", "fte": "1.0", "months": 12, "annual_cost": "62000.00"},
            {"category": "pedagogical", "fte": 1, "months": 12, "annual_cost": 58000},
            {"category": "administrative", "fte": "1", "months": 12, "annual_cost": "55000"},
            {"category": "assistant", "fte": 0.5, "months": 12, "annual_cost": "25000.00"},
        ],
        "interpreter_pool_cost": "0.00",
    }
    data.update(changes)
    return data


def post(data: dict[str, Any]):  # type: ignore[no-untyped-def]
    return Client().post(URL, data, content_type="application/json")


def with_position(**changes: Any) -> dict[str, Any]:
    data = body()
    data["positions"][0].update(changes)
    return data


@pytest.mark.usefixtures("territory")
def test_it_answers_the_issue_example_in_its_shape():
    response = post(body())
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "guideline",
        "total",
        "personnel",
        "interpreter_pool",
        "teachers",
        "lines",
        "warnings",
    }
    assert data["guideline"] == "2012"
    assert (data["total"], data["personnel"], data["interpreter_pool"]) == (
        "170000.00",
        "170000.00",
        "0.00",
    )
    assert data["teachers"] == {"positions": 2, "in_kind_value": "100000.00"}
    assert [line["amount"] for line in data["lines"]] == ["50000.00"] * 3 + ["20000.00"]
    assert all(set(line) == {"label", "amount", "citation"} for line in data["lines"])
    assert data["warnings"] == []


@pytest.mark.usefixtures("territory")
def test_it_counts_the_city_of_aachen_as_kreisfreie_stadt_and_the_staedteregion_as_kreis():
    positions = [{"category": "pedagogical", "fte": "1.0", "months": 12, "annual_cost": "60000"}]
    period = {"period_start": "2019-01-01", "period_end": "2019-12-31", "positions": positions * 6}
    city = post(body(district="05334002", **period)).json()
    kreis = post(body(district="05334", **period)).json()
    assert (city["guideline"], city["total"]) == ("2018", "250000.00")
    assert [w["code"] for w in city["warnings"]] == ["fte_capped"]
    assert (kreis["total"], kreis["warnings"]) == ("300000.00", [])


@pytest.mark.usefixtures("territory")
def test_it_reads_floats_without_binary_noise():
    data = post(with_position(fte=0.1, annual_cost=100000.1)).json()
    assert data["lines"][0]["amount"] == "5000.00"


@pytest.mark.usefixtures("territory")
def test_it_needs_three_queries(django_assert_num_queries):
    with django_assert_num_queries(3):  # grantee, guideline, its position groups
        assert post(body()).status_code == 200


def errors(data: dict[str, Any]) -> list[tuple[str | None, str]]:
    response = post(data)
    assert response.status_code == 422
    result = response.json()["errors"]
    assert all(e["message"] for e in result)
    return [(e["field"], e["code"]) for e in result]


@pytest.mark.usefixtures("territory")
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (body(district="99999"), [("district", "unknown_district")]),
        (
            body(period_start="2012-01-01", period_end="2012-12-31"),
            [("period_start", "no_guideline_in_force")],
        ),
        (with_position(fte="0"), [("positions.0.fte", "fte_out_of_range")]),
        (with_position(fte="1.01"), [("positions.0.fte", "fte_out_of_range")]),
        (with_position(months=13), [("positions.0.months", "months_out_of_range")]),
        (with_position(months=-1), [("positions.0.months", "months_out_of_range")]),
        (with_position(months="1.5"), [("positions.0.months", "invalid_number")]),
        (with_position(annual_cost="-1"), [("positions.0.annual_cost", "negative_cost")]),
        (body(interpreter_pool_cost=-5), [("interpreter_pool_cost", "negative_cost")]),
        (body(period_end="2014-01-31"), [("period_end", "period_across_years")]),
        (body(period_end="2012-12-31"), [("period_end", "period_reversed")]),
        (with_position(fte="1,0"), [("positions.0.fte", "invalid_number")]),
        (with_position(annual_cost="abc"), [("positions.0.annual_cost", "invalid_number")]),
        (with_position(fte="NaN"), [("positions.0.fte", "invalid_number")]),
        (with_position(fte=True), [("positions.0.fte", "invalid_number")]),
        (with_position(category="teacher"), [("positions.0.category", "invalid_category")]),
        (body(district=None), [("district", "invalid_type")]),
        (body(period_start="2013-02-30"), [("period_start", "invalid_date")]),
    ],
)
def test_it_refuses_bad_input_with_a_stable_code(data, expected):
    assert errors(data) == expected


@pytest.mark.usefixtures("territory")
def test_it_names_missing_fields():
    data = body()
    del data["positions"][1]["fte"]
    del data["district"]
    assert sorted(errors(data), key=str) == [
        ("district", "required"),
        ("positions.1.fte", "required"),
    ]


@pytest.mark.usefixtures("territory")
def test_it_counts_only_whole_months_of_the_period():
    data = body(period_start="2013-01-15", period_end="2013-03-31")
    data["positions"] = [{"category": "pedagogical", "fte": "1", "months": 3, "annual_cost": "1"}]
    assert errors(data) == [("positions.0.months", "months_out_of_range")]


@pytest.mark.usefixtures("territory")
def test_it_needs_no_login():
    assert post(body()).status_code == 200


@pytest.mark.usefixtures("territory")
def test_the_schema_documents_a_number_as_a_number_or_text():
    # Schemathesis sent `"interpreter_pool_cost": false` as valid (the schema listed boolean,
    # which the calculator refuses as invalid_number).
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    number = [{"type": "string"}, {"type": "number"}]
    assert schemas["CalculateIn"]["properties"]["interpreter_pool_cost"]["anyOf"] == number
    for field in ("fte", "months", "annual_cost"):
        assert schemas["PositionIn"]["properties"][field]["anyOf"] == number
    assert errors(body(interpreter_pool_cost=False)) == [
        ("interpreter_pool_cost", "invalid_number")
    ]


@pytest.mark.usefixtures("territory")
def test_the_example_in_the_schema_is_answered():
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    [example] = schemas["CalculateIn"]["examples"]
    response = post(example)
    assert response.status_code == 200, response.content
    assert response.json()["guideline"] == "2012"

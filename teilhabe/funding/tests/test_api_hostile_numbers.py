"""No number holds a worker (issue 16): every numeric input of POST /api/v1/funding/calculate
and of the calculator page is bounded before any arithmetic and refused with a stable code."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teilhabe.core.tests.hostile import EXAMPLES, hostile_numbers, timed

from .test_api_calculate import URL, body

pytestmark = pytest.mark.usefixtures("territory")

FIELDS = ["fte", "months", "annual_cost", "interpreter_pool_cost"]
CODES = {
    "invalid_number",
    "out_of_range",
    "too_many_places",
    "fte_out_of_range",
    "months_out_of_range",
    "negative_cost",
    "invalid_json",
    "invalid_type",
    "bad_request",
}


def payload_text(field: str, value: Any, *, raw: bool) -> str:
    """The request body with `value` in `field`: as a JSON string, or as it stands (a JSON
    number, or whatever the text is, which may not be JSON at all)."""
    data = body()
    marker = "__VALUE__"
    if field == "interpreter_pool_cost":
        data[field] = marker
    else:
        data["positions"][0][field] = marker
    text = json.dumps(data)
    if raw or isinstance(value, bool):
        token = json.dumps(value) if not isinstance(value, str | Decimal) else str(value)
        if isinstance(value, float | int) and not isinstance(value, bool):
            token = repr(value) if isinstance(value, float) else str(value)
        return text.replace(f'"{marker}"', token)
    return text.replace(f'"{marker}"', json.dumps(str(value)))


def post(text: str):  # type: ignore[no-untyped-def]
    return timed(lambda: Client().post(URL, text, content_type="application/json"))


def field_path(field: str) -> str:
    return field if field == "interpreter_pool_cost" else f"positions.0.{field}"


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize(
    ("value", "raw", "code"),
    [
        ("1e999999999", False, "invalid_number"),
        ("1e999999999", True, "invalid_number"),  # a JSON number: json reads it as infinity
        ("1E+1000000", False, "invalid_number"),
        ("1e308", False, "out_of_range"),
        (1e308, True, "out_of_range"),
        (10**30, True, "out_of_range"),
    ],
)
def test_the_issue_examples_answer_422_at_once(field, value, raw, code):
    response = post(payload_text(field, value, raw=raw))
    assert response.status_code == 422
    assert (field_path(field), code) in [(e["field"], e["code"]) for e in response.json()["errors"]]


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(field=st.sampled_from(FIELDS), value=hostile_numbers, raw=st.booleans())
def test_any_number_in_any_field_is_judged_within_a_second(field, value, raw):
    response = post(payload_text(field, value, raw=raw))
    assert response.status_code in (200, 400, 422), response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    if response.status_code != 200:  # 400: the body is not JSON at all (a raw "sNaN")
        errors = response.json()["errors"]
        assert errors and {e["code"] for e in errors} <= CODES, errors
        assert all(e["message"] for e in errors)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", [v for v in EXAMPLES if str(v).strip()])
def test_the_calculator_page_puts_a_german_field_error(field, value):
    data = {
        "district": "05711",
        "period_start": "2013-01-01",
        "period_end": "2013-12-31",
        "interpreter_pool_cost": "0",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-0-category": "pedagogical",
        "positions-0-fte": "1",
        "positions-0-months": "12",
        "positions-0-annual_cost": "60000",
    }
    key = field if field == "interpreter_pool_cost" else f"positions-0-{field}"
    data[key] = str(value)
    response = timed(lambda: Client().post(reverse("funding:calculator"), data))
    assert response.status_code == 422
    if field == "interpreter_pool_cost":
        messages = response.context["form"].errors[field]
    else:
        messages = response.context["formset"].forms[0].errors[field]
    assert messages and all("Enter" not in m for m in messages), messages  # German


@pytest.mark.parametrize("count", ["abc", "-1", "9" * 5000, "١", "1e9", ""])
def test_adding_a_row_survives_a_junk_row_count(count):
    data = {"positions-TOTAL_FORMS": count, "positions-INITIAL_FORMS": "0", "add_row": "1"}
    response = timed(lambda: Client().post(reverse("funding:calculator"), data))
    assert response.status_code == 200


@pytest.mark.parametrize(("count", "rows"), [("abc", 0), ("9" * 5000, 30), ("2", 2)])
def test_adding_a_condition_row_survives_a_junk_row_count(count, rows):
    from teilhabe.funding.forms.review import ADD_CONDITION, condition_formset

    formset = timed(lambda: condition_formset({"conditions-TOTAL_FORMS": count, ADD_CONDITION: 1}))
    assert len(formset.forms) == min(rows + 1, 30)

"""Every /api/v1 answer is JSON in the documented shape, whatever the caller sends (issue 16).

Schemathesis walks the schema with generated values (`test_api_schemathesis.py`: overflowing
ids, wrong types, unsupported methods …). What it does not send is walked here over every
operation: the hostile values of issue 16 in each path and query parameter (huge exponents, NaN,
digits beyond Python's int-from-text limit, Arabic-Indic digits, long text) and bodies that are
not JSON at all. Never a 5xx, always JSON, only the statuses the schema documents, each answer
within a second. Plus the schema's own promises: bounds and error answers.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from teilhabe.accounts.services import create_api_token
from teilhabe.core.tests.hostile import timed

# Schemathesis sends the schema's boundaries (2**63, -2**63 - 1, 0), wrong types and random
# text; these it does not.
HOSTILE = [
    "68302936379461454033584128",
    "1e999999999",
    "NaN",
    "9" * 5000,  # beyond Python's int-from-text limit
    "١٢٣",  # Arabic-Indic digits, which int() would read as 123
    "x" * 300,
]
BODIES = ["", "{", "null", "[]", '"x"', "{}", json.dumps({"district": "1" * 5000}), "1e999999999"]
METHODS = ["get", "post", "put", "patch", "delete"]


@pytest.fixture
def schema(client: Client, territory: None) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()


@pytest.fixture
def callers(guel: Any, anna: Any) -> dict[str, Client]:
    def with_token(user: Any) -> Client:
        _token, raw = create_api_token(user, by=user, name="Prüfung")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)

    return {
        "anonymous": Client(raise_request_exception=False),
        "officer": with_token(guel),
        "ki lead": with_token(anna),
    }


def callers_of(op: dict[str, Any], callers: dict[str, Client]) -> dict[str, Client]:
    """Who reaches the parameters: an operation behind a token answers 401 to anyone without
    one before it reads them (schemathesis checks that), so only token holders walk it."""
    if op.get("security"):
        return {who: c for who, c in callers.items() if who != "anonymous"}
    return {"anonymous": callers["anonymous"]}


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def assert_json_answer(
    response: Any, allowed: set[int], what: str, ok_types: tuple[str, ...] = ()
) -> None:
    """JSON in the documented shape; a 200 may also be one of `ok_types` (a feed the operation
    documents as its 200 content: `/events.ics` is text/calendar)."""
    assert response.status_code < 500, (what, response.content[:300])
    content_type = response["Content-Type"]
    if not (response.status_code == 200 and content_type.startswith(ok_types or ("\0",))):
        assert content_type.startswith("application/json"), (what, response.content[:100])
    assert response.status_code in allowed, (what, response.status_code, response.content[:300])
    if response.status_code >= 400:
        errors = response.json()["errors"]
        assert errors, what
        for e in errors:
            assert set(e) == {"field", "code", "message"}, (what, e)
            assert re.fullmatch(r"[a-z_]+", e["code"]) and e["message"], (what, e)


def documented(op: dict[str, Any]) -> set[int]:
    return {int(status) for status in op["responses"]}


def documented_types(op: dict[str, Any]) -> tuple[str, ...]:
    """The media types other than JSON an operation documents for its 200 answer."""
    content = op["responses"].get("200", {}).get("content", {})
    return tuple(t for t in content if t != "application/json")


def fill(path: str, params: dict[str, str]) -> str:
    return re.sub(r"{(\w+)}", lambda m: quote(params.get(m.group(1), "1"), safe=""), path)


def test_every_operation_answers_hostile_parameters_in_its_documented_shape(schema, callers):
    tried = 0
    for path, method, op in operations(schema):
        allowed = documented(op)
        for parameter in op.get("parameters", []):
            for value in HOSTILE:
                where = parameter["in"]
                url = fill(path, {parameter["name"]: value} if where == "path" else {})
                query = {parameter["name"]: value} if where == "query" else {}
                for who, client in callers_of(op, callers).items():
                    call = getattr(client, method)
                    if method == "get":
                        response = timed(lambda c=call: c(url, query))
                    else:
                        url_q = url + ("?" + "&".join(f"{k}={quote(v)}" for k, v in query.items()))
                        response = timed(
                            lambda c=call, u=url_q: c(u, "{}", content_type="application/json")
                        )
                    what = f"{who} {method.upper()} {url} {str(query)[:60]}"
                    assert_json_answer(response, allowed, what, documented_types(op))
                    tried += 1
    assert tried > 150  # the walk really walked


def test_every_body_taking_operation_answers_hostile_bodies_in_its_documented_shape(
    schema, callers
):
    tried = 0
    for path, method, op in operations(schema):
        if "requestBody" not in op:
            continue
        for body in BODIES:
            for who, client in callers_of(op, callers).items():
                call = getattr(client, method)
                response = timed(
                    lambda c=call, b=body: c(fill(path, {}), b, content_type="application/json")
                )
                assert_json_answer(response, documented(op), f"{who} {method} {path} {body[:40]}")
                tried += 1
    assert tried


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/funding/applications?page=9223372036854775808",
        "/api/v1/funding/decisions?page=9223372036854775808",
        "/api/v1/audit-events?page=9223372036854775808",
        "/api/v1/audit-events?page_size=9223372036854775808",
        "/api/v1/funding/decisions?centre=68302936379461454033584128",
        "/api/v1/audit-events?centre=68302936379461454033584128",
        "/api/v1/funding/applications?year=68302936379461454033584128",
        # found by schemathesis while the schema did not state the bounds
        "/api/v1/audit-events?page_size=0",
        "/api/v1/funding/budget-lines?fiscal_year=0",
        "/api/v1/funding/decisions?year=0",
    ],
)
def test_the_issue_examples_answer_422_out_of_range(url, callers):
    response = callers["officer"].get(url)
    assert response.status_code == 422, response.content[:300]
    [e] = response.json()["errors"]
    assert (e["field"], e["code"]) == (url.split("?")[1].split("=")[0], "out_of_range")


def test_the_schema_documents_the_error_answers_of_each_operation(schema):
    for path, method, op in operations(schema):
        statuses = documented(op)
        if op.get("security"):
            assert {401, 404} <= statuses, (method, path)
        if "{" in path:
            assert 404 in statuses, (method, path)
        if op.get("parameters") or "requestBody" in op:
            assert 422 in statuses, (method, path)
        if "requestBody" in op:
            assert 400 in statuses, (method, path)
        for status in statuses - {200, 304}:
            content = op["responses"][str(status)]["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/ErrorsOut"}, (method, path, status)


def test_the_schema_describes_the_error_shape_exactly(schema):
    # So a response schema check (schemathesis's) refuses an extra key, an empty list, a code
    # that is not a stable identifier.
    components = schema["components"]["schemas"]
    errors, error = components["ErrorsOut"], components["ErrorOut"]
    assert errors["additionalProperties"] is False and errors["required"] == ["errors"]
    assert errors["properties"]["errors"]["minItems"] == 1
    assert error["additionalProperties"] is False
    assert set(error["required"]) == {"field", "code", "message"}
    assert error["properties"]["code"]["pattern"] == "^[a-z_]+$"
    assert error["properties"]["message"]["minLength"] == 1


def integer_schema(parameter: dict[str, Any]) -> dict[str, Any] | None:
    s = parameter["schema"]
    return next((o for o in [s, *s.get("anyOf", [])] if o.get("type") == "integer"), None)


def test_the_schema_states_the_bounds_of_every_integer_parameter(schema):
    # Schemathesis sent "?page_size=0", "?fiscal_year=0", "/decisions/163605475708457586106826752"
    # as valid (the schema said only "integer") and got 422: the bounds are in the schema now.
    bounded = 0
    for path, method, op in operations(schema):
        for parameter in op.get("parameters", []):
            integer = integer_schema(parameter)
            if integer is None:
                continue
            assert {"minimum", "maximum"} <= set(integer), (method, path, parameter["name"])
            bounded += 1
    assert bounded >= 15
    audit = schema["paths"]["/api/v1/audit-events"]["get"]["parameters"]
    page_size = integer_schema(next(p for p in audit if p["name"] == "page_size"))
    assert (page_size["minimum"], page_size["maximum"]) == (1, 100)

"""Schemathesis walks every operation of /api/v1 from the API's own OpenAPI schema (issue 16).

The schema is loaded from the application in-process (WSGI: no server, no network), and every
operation runs twice: anonymously (schemathesis also sends made-up Bearer tokens), and with the
API token of Bernd, a grant officer, who sees every KI. On every answer run schemathesis's
checks — no server error, only documented statuses, the documented content type and body,
schema-valid input accepted and schema-violating input refused, a token not ignored,
unsupported methods answered 405 with `Allow` — and ours: every answer is JSON, every error is
`{"errors": [{"field", "code", "message"}]}`, and none takes longer than a few seconds.

Bounded and reproducible: `MAX_EXAMPLES` random cases per operation, derandomized, besides
schemathesis's fixed ones (the schema's example; with the token also boundaries, wrong types,
missing fields, unsupported methods). The rows of `url_objects` (applications, decisions, staff,
concepts, budget lines of KI Bielefeld) and a decision of KI Dortmund give the walk something to
find: a path id or a district key is now and then one of theirs, so answers beyond 404 are
checked too. Alone: `pytest teilhabe/tests/test_api_schemathesis.py` (docs/api.md).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
import werkzeug
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from teilhabe.accounts.models import User
from teilhabe.accounts.services import create_api_token
from teilhabe.centres.models import Centre
from teilhabe.core.api_params import ID_MAX, ID_MIN
from teilhabe.funding import rules
from teilhabe.funding.models import Application, Decision
from teilhabe.funding.tests import factories
from teilhabe.guide.api import SEARCH_CODES as GUIDE_API_CODES
from teilhabe.tests.url_objects import url_objects
from teilhabe.wsgi import application

SCHEMA = "/api/v1/openapi.json"
CALCULATE = "/api/v1/funding/calculate"
INTEREST = "/api/v1/proofs/interest"
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# A bound, not a benchmark: input that makes the server compute ("1e999999999" as a Decimal)
# takes minutes. Looser than core.tests.hostile's second, as a worker's first answer (cold
# imports, the token's first-use audit event) on a busy CI machine can take one.
RESPONSE_SECONDS = 5.0


def _config(*, anonymous: bool) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            # Anonymous callers send no token or a made-up one (schemathesis generates the
            # Authorization header from the security scheme); the token run sends the token.
            "generation": {"with-security-parameters": anonymous},
            # The fixed cases (boundaries, wrong types, missing fields, unsupported methods) run
            # with the token: anonymously, an operation behind one answers each with 401 before
            # it reads a parameter, and a public one answers as it does to the token.
            "phases": {"coverage": {"enabled": not anonymous}},
            "checks": {"max_response_time": RESPONSE_SECONDS},
        }
    )


anonymous = schemathesis.openapi.from_wsgi(SCHEMA, application, config=_config(anonymous=True))
with_token = schemathesis.openapi.from_wsgi(SCHEMA, application, config=_config(anonymous=False))


class Known:
    """Values the `api_data` fixture made, by parameter or body field: the walk now and then
    uses one instead of a valid random value, so a case stays as valid or invalid as it was."""

    values: dict[str, list[Any]] = {}


def _valid_as(value: Any, known: Any) -> bool:
    """Whether `value` is as valid as a known value: an id within bounds, or any text (the path
    keys, the calculator's district and category have no constraints in the schema)."""
    if isinstance(known, int):
        return type(value) is int and ID_MIN <= value <= ID_MAX
    return isinstance(value, str)


def _sometimes_known(data: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    choices = [st.just(data)]
    for name, value in data.items():
        known = Known.values.get(name)
        if known and _valid_as(value, known[0]):
            choices.append(st.sampled_from(known).map(lambda v, n=name: {**data, n: v}))
    return st.one_of(choices)


def _iso_date(value: Any) -> bool:
    """A `format: date` (YYYY-MM-DD; Python alone would also read "20130101")."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def flatmap_path_parameters(ctx: Any, path_parameters: dict[str, Any] | None) -> Any:
    return _sometimes_known(path_parameters) if path_parameters else st.just(path_parameters)


def _strict_iso_date(value: Any) -> bool:
    """A date as JSON Schema's `format: date` has it (YYYY-MM-DD), not Python's looser reading."""
    return isinstance(value, str) and bool(ISO_DAY.fullmatch(value)) and _iso_date(value)


def _interest_body(body: Any) -> Any:
    """The interest calculator's body, now and then with an amount in cents and a period the
    base-rate table covers: otherwise nearly every answer is 422."""
    # Only a body the schema accepts is varied: a negative case (a wrong type or format, an
    # unknown field) must reach the API as generated, or its refusal would never be tested.
    if not (
        isinstance(body, dict)
        and set(body) == {"amount", "from", "until"}
        and isinstance(body["amount"], str)
        and all(_strict_iso_date(body[k]) for k in ("from", "until"))
    ):
        return st.just(body)
    valid = st.tuples(
        st.integers(min_value=1, max_value=10_000_000_000).map(lambda c: f"{c / 100:.2f}"),
        st.dates(min_value=date(2011, 12, 31), max_value=date(2026, 6, 30)),
        st.integers(min_value=0, max_value=2000),
    ).map(
        lambda t: {
            **body,
            "amount": t[0],
            "from": t[1].isoformat(),
            "until": min(date.fromordinal(t[1].toordinal() + t[2]), date(2026, 6, 30)).isoformat(),
        }
    )
    return st.one_of(st.just(body), valid)


def flatmap_body(ctx: Any, body: Any) -> Any:
    """The calculator's body, now and then with a grantee's key, a period within one year a
    guideline covers, and known position categories: otherwise nearly every answer is 422."""
    if ctx.operation.path == INTEREST:
        return _interest_body(body)
    if ctx.operation.path != CALCULATE or not isinstance(body, dict):
        return st.just(body)
    strategy = _sometimes_known(body)
    if _iso_date(body.get("period_start")) and _iso_date(body.get("period_end")):
        periods = st.sampled_from([("2013-01-01", "2013-12-31"), ("2026-03-01", "2026-12-31")])
        strategy = st.one_of(
            strategy,
            periods.flatmap(
                lambda p: _sometimes_known({**body, "period_start": p[0], "period_end": p[1]})
            ),
        )
    positions = body.get("positions")
    if isinstance(positions, list) and all(isinstance(p, dict) for p in positions):
        return strategy.flatmap(
            lambda b: st.tuples(*[_sometimes_known(p) for p in positions]).map(
                lambda ps: {**b, "positions": list(ps)}
            )
        )
    return strategy


for _schema in (anonymous, with_token):
    _schema.hook(flatmap_path_parameters)
    _schema.hook(flatmap_body)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Requests reach the WSGI application directly, not through Django's test client, which
    keeps the start and end of a request from closing the database connection: that connection
    holds the test's transaction (PostgreSQL answered "the connection is closed"; SQLite would
    lose the fixtures' rows and keep whatever came after)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The rows are made once for the module (`module_db`) and each operation's test rolls back to
# them: made for each of the ~55 operations they were two thirds of the module's time.
@pytest.fixture(scope="module")
def shared_api_data(module_personas: dict[str, User]) -> Iterator[dict[str, User]]:
    anna, bernd, guel = (module_personas[name] for name in ("anna", "bernd", "guel"))
    bielefeld = Centre.objects.select_related("grantee").get(grantee__key="05711")
    dortmund = Centre.objects.select_related("grantee").get(grantee__key="05913")
    url_objects(anna, bielefeld)
    factories.decision(
        factories.application(dortmund, year=2027), proposed_by=bernd, signed_by=guel
    )
    Known.values = {
        "centre_id": [bielefeld.pk, dortmund.pk],
        "key": [bielefeld.grantee.key, "05334002", "05334"],
        "application_id": list(Application.objects.values_list("pk", flat=True)),
        "decision_id": list(Decision.objects.values_list("pk", flat=True)),
        "district": [bielefeld.grantee.key, "05334002", "05913"],
        "category": sorted(rules.CATEGORIES),
    }
    yield module_personas
    Known.values = {}


@pytest.fixture
def api_data(shared_api_data: dict[str, User], db: None) -> None:
    """The rows the operations are tried on (see `shared_api_data`)."""


@pytest.fixture(scope="module")
def shared_officer_token(shared_api_data: dict[str, User]) -> dict[str, str]:
    bernd = shared_api_data["bernd"]
    _token, raw = create_api_token(bernd, by=bernd, name="Schemathesis")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def officer_token(api_data: None, shared_officer_token: dict[str, str]) -> dict[str, str]:
    return shared_officer_token


# The one code of an answer that is about the request as a whole (core.api_errors).
CODE_OF_STATUS = {401: "not_authenticated", 404: "not_found", 405: "method_not_allowed"}


# Successful answers that are not JSON by design, each documented in the schema as its type.
DOCUMENTED_OTHER_TYPES = {"text/calendar"}


def every_answer_is_json_in_the_error_shape(ctx: Any, response: Any, case: Any) -> None:
    """Also the answers the schema does not document (405 to an unsupported method)."""
    content_type = (response.headers.get("content-type") or [""])[0]
    if response.status_code == 200 and content_type.startswith(tuple(DOCUMENTED_OTHER_TYPES)):
        return  # a feed the schema documents as its own media type (events.ics)
    assert content_type.startswith("application/json"), (response.status_code, content_type)
    if response.status_code < 400:
        return
    body = response.json()
    assert set(body) == {"errors"} and body["errors"], body
    for e in body["errors"]:
        assert set(e) == {"field", "code", "message"}, e
        assert re.fullmatch(r"[a-z_]+", e["code"]) and e["message"], e
    if response.status_code in CODE_OF_STATUS:
        codes = [e["code"] for e in body["errors"]]
        assert codes == [CODE_OF_STATUS[response.status_code]], (response.status_code, codes)


# The calculator checks its numbers and rules itself (core.money.parse_decimal, funding.rules):
# a district key no grantee has, a date no guideline covers, a period across two years, months
# beyond the period, an FTE above 1 are schema-valid and still refused, so schemathesis's
# `positive_data_acceptance` cannot hold there. In its place: schema-valid input is refused only
# with the calculator's own codes, never with one of the schema's (a missing field, a wrong
# type, an unknown field: the schema would be lying).
CALCULATOR_CODES = {
    "unknown_district",
    "no_guideline_in_force",
    "period_reversed",
    "period_across_years",
    "invalid_category",
    "invalid_number",
    "out_of_range",
    "too_many_places",
    "fte_out_of_range",
    "months_out_of_range",
    "negative_cost",
}


# The interest calculator likewise (proofs/interest.py): an amount of 0 or with three decimals,
# a date outside 2000–2100, a reversed period or a day the base-rate table does not cover are
# schema-valid and refused with its own codes.
INTEREST_CODES = {"invalid_amount", "invalid_date", "until_before_from", "no_base_rate"}
# The guide's search likewise (guide/api.py): an unknown district, municipality, category or
# postcode, lat without lon, a place given twice, sort=distance without a place.
GUIDE_SEARCH = "/api/v1/guide/offers"
GUIDE_SEARCH_CODES = set(GUIDE_API_CODES)
OWN_CODES = {
    CALCULATE: CALCULATOR_CODES,
    INTEREST: INTEREST_CODES,
    GUIDE_SEARCH: GUIDE_SEARCH_CODES,
}


def schema_valid_input_is_refused_only_by_the_calculator(
    ctx: Any, response: Any, case: Any
) -> None:
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if response.status_code == 422:
        codes = {e["code"] for e in response.json()["errors"]}
        assert codes <= OWN_CODES[case.operation.path], codes


def validate(case: Any, headers: dict[str, str] | None = None) -> None:
    if case.operation.path in OWN_CODES:
        case.call_and_validate(
            headers=headers,
            excluded_checks=[positive_data_acceptance],
            additional_checks=[
                every_answer_is_json_in_the_error_shape,
                schema_valid_input_is_refused_only_by_the_calculator,
            ],
        )
    else:
        case.call_and_validate(
            headers=headers, additional_checks=[every_answer_is_json_in_the_error_shape]
        )


# Ten random cases per operation keep the module at about 20 s of CPU; before a
# release, `SCHEMATHESIS_MAX_EXAMPLES=200` walks deeper (docs/api.md).
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))

BOUNDED = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    # The fixtures' rows are made once per operation, not per example: they are only read.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@anonymous.parametrize()
@BOUNDED
def test_every_operation_anonymously(case: Any, api_data: None) -> None:
    validate(case)


@with_token.parametrize()
@BOUNDED
def test_every_operation_with_a_token(case: Any, officer_token: dict[str, str]) -> None:
    validate(case, officer_token)


def test_a_request_through_the_wsgi_application_keeps_the_test_transaction(api_data: None) -> None:
    decisions = Decision.objects.count()
    response = werkzeug.Client(application).get("/api/v1/funding/guidelines")
    assert response.status_code == 200
    assert not connection.closed_in_transaction
    assert Decision.objects.count() == decisions > 0  # the fixture's rows are still there

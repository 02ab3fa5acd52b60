"""The public interest calculator: POST /api/v1/proofs/interest (no login), on the same pure
function as repayment decisions (`interest.interest`), with the base-rate table; and the table
itself, GET /api/v1/proofs/base-rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from teilhabe.core import money
from teilhabe.core.api_errors import ErrorsOut, errors_from_django

from . import interest
from .models import BaseRate

router = Router(tags=["proofs"])


class InterestIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"amount": "12345.67", "from": "2024-06-15", "until": "2025-01-15"}]
        },
    )

    amount: str = Field(description="Euros with at most two decimals, as text: 12345.67")
    start: date = Field(alias="from", description="The day the decision became ineffective")
    until: date = Field(description="The day of repayment (included)")


class SegmentOut(Schema):
    first: date = Field(alias="from")
    until: date
    days: int
    base_rate: str
    rate: str
    interest: str


class InterestOut(Schema):
    interest: str
    segments: list[SegmentOut]
    citation: str


class BaseRateOut(Schema):
    valid_from: date
    rate: str
    source: str


def compute(
    amount_text: Any, start: date, until: date
) -> tuple[interest.Result | None, list[dict[str, Any]]]:
    """The interest, or the errors (field, code, message): the API and the page answer from this."""
    errors: list[dict[str, Any]] = []
    amount: Decimal | None = None
    try:
        amount = money.parse_decimal(
            amount_text, "amount", max_digits=money.MONEY_DIGITS, places=money.MONEY_PLACES
        )
    except ValidationError:  # not a number, or too many digits: the one code of the amount
        errors.extend(errors_from_django(interest.invalid_amount()))
    try:
        result = interest.interest(
            amount if amount is not None else Decimal("1.00"),
            start,
            until,
            BaseRate.objects.as_rates(),
        )
    except ValidationError as exc:
        errors.extend(errors_from_django(exc))
        result = None
    if errors:
        return None, errors
    return result, []


def as_json(result: interest.Result) -> dict[str, Any]:
    return {
        "interest": money.plain(result.interest),
        "segments": [
            {
                "from": s.first,
                "until": s.last,
                "days": s.days,
                "base_rate": money.plain(s.base_rate),
                "rate": money.plain(s.rate),
                "interest": money.plain(s.interest),
            }
            for s in result.segments
        ],
        "citation": interest.CITATION,
    }


@router.post(
    "/interest",
    response={200: InterestOut, 422: ErrorsOut},
    auth=None,
    by_alias=True,
    summary="Compute the interest on a repayment (§ 49a (3) VwVfG NRW)",
)
def compute_interest(request: HttpRequest, payload: InterestIn) -> Status[dict[str, Any]]:
    """Interest of 3 percentage points above the base rate (§ 247 BGB) a year on `amount`, for
    the days after `from` through `until`, each day 1/365 of a year, split at every change of
    the base rate; the exact sum rounded half up to the cent once. Dates within 2000–2100.

    Errors answer 422 with stable codes: `invalid_amount` (not more than 0, more than two
    decimals, over 100000000.00), `invalid_date`, `until_before_from`, `no_base_rate` (a day the
    table does not cover). The rule and its sources: docs/proof-of-use.md.
    """
    result, errors = compute(payload.amount, payload.start, payload.until)
    if result is None:
        return Status(422, {"errors": errors})
    return Status(200, as_json(result))


@router.get(
    "/base-rates",
    response=list[BaseRateOut],
    auth=None,
    summary="The base rates (§ 247 BGB) the calculator uses",
)
def list_base_rates(request: HttpRequest) -> list[dict[str, Any]]:
    """Every entered base rate, newest first, with its source."""
    return [
        {"valid_from": r.valid_from, "rate": money.plain(r.rate), "source": r.source}
        for r in BaseRate.objects.order_by("-valid_from")
    ]

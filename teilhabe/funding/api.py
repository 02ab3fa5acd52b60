"""The public grant calculator: POST /api/v1/funding/calculate (no login; for planning)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from pydantic import ConfigDict, WithJsonSchema

from teilhabe.core import money
from teilhabe.core.api_errors import ErrorsOut, error, errors_from_django
from teilhabe.territory.models import Grantee

from . import rules
from .models import Guideline

router = Router(tags=["funding"])

# bool is accepted so that true/false reach our parser (and are refused) instead of becoming 1/0;
# the schema documents what is valid: a number, or a number as text ("62000.00").
Number = Annotated[
    str | int | float | bool,
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number"}]}),
]


class PositionIn(Schema):
    category: str
    fte: Number
    months: Number
    annual_cost: Number


class CalculateIn(Schema):
    # The example in /api/v1/docs, and the first case schemathesis sends: KI Bielefeld (05711)
    # in 2013, under the version of 2012.
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "district": "05711",
                    "period_start": "2013-01-01",
                    "period_end": "2013-12-31",
                    "positions": [
                        {
                            "category": "pedagogical",
                            "fte": "1.0",
                            "months": 12,
                            "annual_cost": "62000.00",
                        },
                        {"category": "assistant", "fte": 0.5, "months": 12, "annual_cost": 25000},
                    ],
                    "interpreter_pool_cost": "0.00",
                }
            ]
        }
    )

    district: str
    period_start: date
    period_end: date
    positions: list[PositionIn] = []
    interpreter_pool_cost: Number = "0.00"


class LineOut(Schema):
    label: str
    amount: str
    citation: str


class WarningOut(Schema):
    code: str
    message: str


class TeachersOut(Schema):
    positions: int
    in_kind_value: str


class GrantOut(Schema):
    guideline: str
    total: str
    personnel: str
    interpreter_pool: str
    teachers: TeachersOut
    lines: list[LineOut]
    warnings: list[WarningOut]


# The bounds of the calculator's numbers (core.money.parse_decimal refuses beyond them before
# any arithmetic): FTE up to four decimals, whole months below 1000, money as stored.
FTE = {"max_digits": 5, "places": 4}
MONTHS = {"max_digits": 3, "places": 0, "places_code": "invalid_number"}
MONEY = {"max_digits": money.MONEY_DIGITS, "places": money.MONEY_PLACES}


def _parse(payload: CalculateIn) -> tuple[rules.GrantRequest | None, list[dict[str, Any]]]:
    errors: list[dict[str, Any]] = []

    def number(field: str, value: Any, bounds: dict[str, Any], **messages: Any) -> Decimal | None:
        try:
            return money.parse_decimal(
                value, field, invalid_message=_("Enter a number like 1.0."), **bounds, **messages
            )
        except ValidationError as exc:
            errors.extend(errors_from_django(exc))
            return None

    start, end = payload.period_start, payload.period_end
    if end < start:
        errors.append(
            error(
                "period_end",
                "period_reversed",
                str(_("The period must not end before it starts.")),
            )
        )
    elif start.year != end.year:
        errors.append(
            error(
                "period_end",
                "period_across_years",
                str(_("The period must lie within one calendar year.")),
            )
        )
    period_ok = not errors
    months_in_period = rules.period_months(start, end)

    positions: list[rules.PositionRequest] = []
    for i, p in enumerate(payload.positions):
        prefix = f"positions.{i}"
        if p.category not in rules.CATEGORIES:
            errors.append(
                error(
                    f"{prefix}.category",
                    "invalid_category",
                    str(_("Choose pedagogical, administrative or assistant.")),
                )
            )
        fte = number(f"{prefix}.fte", p.fte, FTE)
        if fte is not None and not (0 < fte <= 1):
            errors.append(
                error(
                    f"{prefix}.fte",
                    "fte_out_of_range",
                    str(_("The full-time equivalent must be more than 0 and at most 1.")),
                )
            )
        months = number(
            f"{prefix}.months", p.months, MONTHS, places_message=_("Enter whole months.")
        )
        # Against a broken period, the months cannot be judged: the period's error says enough.
        if period_ok and months is not None and not (0 <= months <= months_in_period):
            errors.append(
                error(
                    f"{prefix}.months",
                    "months_out_of_range",
                    str(
                        _("Months must be between 0 and the %(n)s whole months of the period.")
                        % {"n": months_in_period}
                    ),
                )
            )
        cost = number(f"{prefix}.annual_cost", p.annual_cost, MONEY)
        if cost is not None and cost < 0:
            errors.append(
                error(f"{prefix}.annual_cost", "negative_cost", str(_("Costs cannot be negative.")))
            )
        if fte is not None and months is not None and cost is not None:
            positions.append(rules.PositionRequest(p.category, fte, int(months), cost))

    pool = number("interpreter_pool_cost", payload.interpreter_pool_cost, MONEY)
    if pool is not None and pool < 0:
        errors.append(
            error("interpreter_pool_cost", "negative_cost", str(_("Costs cannot be negative.")))
        )
    if errors or pool is None:
        return None, errors
    return rules.GrantRequest(start, end, tuple(positions), pool), []


def compute_for(payload: CalculateIn) -> tuple[rules.GrantResult | None, list[dict[str, Any]]]:
    """The grant for `payload`, or the errors (field, code, message): the API and the calculator
    page both answer from this."""
    grant_request, errors = _parse(payload)
    grantee = Grantee.objects.filter(key=payload.district).only("kind").first()
    if grantee is None:
        errors.insert(
            0, error("district", "unknown_district", str(_("No KI grantee has this key.")))
        )
    guideline = (
        Guideline.objects.in_force_on(payload.period_start)
        .prefetch_related("position_groups")
        .first()
    )
    if guideline is None:
        errors.append(
            error(
                "period_start",
                "no_guideline_in_force",
                str(_("No funding guideline version is in force on this date.")),
            )
        )
    if errors or grant_request is None or grantee is None or guideline is None:
        return None, errors
    return rules.compute_grant(grant_request, guideline.to_data(), grantee.kind), []


@router.post(
    "/calculate",
    response={200: GrantOut, 422: ErrorsOut},
    auth=None,
    summary="Compute the grant for a period",
)
def calculate(request: HttpRequest, payload: CalculateIn) -> Status[dict[str, Any]]:
    """The grant a KI would receive under the guideline version in force on `period_start`.

    Money and FTE may be sent as strings ("62000.00") or numbers. Errors answer 422 with stable
    codes. The rules and their sources: docs/funding.md.
    """
    result, errors = compute_for(payload)
    if result is None:
        return Status(422, {"errors": errors})
    return Status(
        200,
        {
            "guideline": result.guideline,
            "total": money.plain(result.total),
            "personnel": money.plain(result.personnel),
            "interpreter_pool": money.plain(result.interpreter_pool),
            "teachers": {
                "positions": result.teachers.positions,
                "in_kind_value": money.plain(result.teachers.in_kind_value),
            },
            "lines": [
                {"label": line.label, "amount": money.plain(line.amount), "citation": line.citation}
                for line in result.lines
            ],
            "warnings": [{"code": w.code, "message": w.message} for w in result.warnings],
        },
    )

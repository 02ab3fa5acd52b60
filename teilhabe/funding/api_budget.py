"""Budget lines (grant authority and ministry) and the guideline versions (public) as JSON."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema

from teilhabe.core import money
from teilhabe.core.api_auth import STAFF_AUTH
from teilhabe.core.api_params import Year
from teilhabe.core.http import etagged_json
from teilhabe.funding import access

from .models import BudgetLine, BudgetPurpose, Guideline, with_receivables

router = Router(tags=["funding"])


class BudgetLineOut(Schema):
    id: int
    fiscal_year: int
    code: str
    title: str
    purpose: BudgetPurpose
    planned: Decimal
    committed: Decimal
    paid: Decimal
    available: Decimal
    receivables_open: Decimal
    receivables_received: Decimal

    # Sums of an expression come back from SQLite without their places ("750"): in cents here.
    @staticmethod
    def resolve_receivables_open(line: BudgetLine) -> Decimal:
        return Decimal(line.receivables_open).quantize(money.CENT)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_receivables_received(line: BudgetLine) -> Decimal:
        return Decimal(line.receivables_received).quantize(money.CENT)  # type: ignore[attr-defined]


@router.get(
    "/budget-lines",
    response=list[BudgetLineOut],
    auth=STAFF_AUTH,
    summary="Budget lines per fiscal year",
)
def list_budget_lines(request: HttpRequest, fiscal_year: Year | None = None) -> list[BudgetLine]:
    """Planned, committed, paid and available per line (officer, approver, ministry), and the
    receivables booked on it: still open (principal and booked interest less what was
    received) and received.

    A handful of lines per year: not paginated; filter by `fiscal_year`. Money as strings.
    """
    if not access.may_see_budget(request.auth):  # type: ignore[attr-defined]
        raise Http404
    lines = with_receivables(BudgetLine.objects.order_by("-fiscal_year", "code"))
    if fiscal_year is not None:
        lines = lines.filter(fiscal_year=fiscal_year)
    return list(lines)


class PositionGroupOut(Schema):
    code: str
    name: str
    categories: list[str]
    max_fte: Decimal
    district_kind: str
    citation: str


class GuidelineOut(Schema):
    id: int
    code: str
    title: str
    valid_from: date
    valid_until: date | None
    citation: str
    specialist_amount: Decimal
    assistant_amount: Decimal
    annual_cap_kreis: Decimal | None
    annual_cap_kreisfreie_stadt: Decimal | None
    interpreter_pool_cap: Decimal | None
    in_kind_teachers: int
    in_kind_value: Decimal
    concept_max_age_years: int | None
    assumptions: str
    groups: list[PositionGroupOut]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else money.plain(value)


def _guideline(g: Guideline) -> dict[str, object]:
    return {
        "id": g.pk,
        "code": g.code,
        "title": g.title,
        "valid_from": g.valid_from.isoformat(),
        "valid_until": g.valid_until.isoformat() if g.valid_until else None,
        "citation": g.citation,
        "specialist_amount": _money(g.specialist_amount),
        "assistant_amount": _money(g.assistant_amount),
        "annual_cap_kreis": _money(g.annual_cap_kreis),
        "annual_cap_kreisfreie_stadt": _money(g.annual_cap_kreisfreie_stadt),
        "interpreter_pool_cap": _money(g.interpreter_pool_cap),
        "in_kind_teachers": g.in_kind_teachers,
        "in_kind_value": _money(g.in_kind_value),
        "concept_max_age_years": g.concept_max_age_years,
        "assumptions": g.assumptions,
        "groups": [
            {
                "code": p.code,
                "name": p.name,
                "categories": list(p.categories),
                "max_fte": str(p.max_fte),
                "district_kind": p.district_kind,
                "citation": p.citation,
            }
            for p in g.position_groups.all()
        ],
    }


@router.get(
    "/guidelines",
    response=list[GuidelineOut],
    auth=None,
    summary="Every version of the funding guideline",
)
def list_guidelines(request: HttpRequest) -> HttpResponse:
    """Every version with validity, amounts, position groups and citations (public rules).

    A short list that only grows by a version every few years: not paginated; ETag for cheap
    revalidation.
    """
    versions = Guideline.objects.prefetch_related("position_groups").order_by("valid_from")
    return etagged_json(request, [_guideline(g) for g in versions], max_age=3600)

"""Applications in the API: the caller's scoped list and one application with its grant per year."""

# No `from __future__ import annotations`: ninja resolves a paginated view's parameter types
# (core.api_params.Id …) in the paginate wrapper's module, where these names do not exist.
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from teilhabe.core import money
from teilhabe.core.api_auth import STAFF_AUTH
from teilhabe.core.api_params import Id, Pagination, Year

from . import access, computation
from .models import Application, ApplicationStatus
from .services.applications import missing_items

router = Router(tags=["funding"])


class _ApplicationFields(Schema):
    id: int
    centre_id: int
    centre: str
    first_year: int
    last_year: int
    status: ApplicationStatus
    submitted_at: datetime | None
    updated_at: datetime
    lock_version: int


class ApplicationOut(_ApplicationFields):
    @staticmethod
    def resolve_centre(obj: Application) -> str:
        return obj.centre.name


class PositionOut(Schema):
    order: int
    title: str
    category: str
    fte: str
    start_date: str | None
    end_date: str | None
    annual_cost: str


class LineOut(Schema):
    label: str
    amount: str
    citation: str


class YearOut(Schema):
    year: int
    guideline: str | None
    total: str
    personnel: str
    interpreter_pool: str
    teachers: int
    lines: list[LineOut]
    warnings: list[str]


class CheckOut(Schema):
    code: str
    outcome: str
    reason: str
    citation: str


class MissingOut(Schema):
    code: str
    message: str


class ApplicationDetailOut(_ApplicationFields):
    concept_id: int | None
    council_resolution_date: str | None
    teachers_requested: int
    interpreter_pool_cost: str
    own_contribution: dict[str, str]
    work_plan_education: str
    work_plan_cross_cutting: str
    positions: list[PositionOut]
    years: list[YearOut]
    total: str
    checks: list[CheckOut]
    missing: list[MissingOut]


@router.get(
    "/applications",
    response=list[ApplicationOut],
    auth=STAFF_AUTH,
    summary="Funding applications",
)
@paginate(Pagination, page_size=50)
def list_applications(
    request: HttpRequest, status: str | None = None, year: Year | None = None
) -> QuerySet[Application]:
    """The applications the caller may see (a KI: its own), newest funding year first."""
    user = request.auth  # type: ignore[attr-defined]
    if access.funding_scope(user) is None:
        raise Http404
    applications = access.applications_visible_to(user)
    if status:
        applications = applications.filter(status=status)
    if year is not None:
        applications = applications.covering(year)
    return applications.order_by("-first_year", "centre__name", "pk")


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


@router.get(
    "/applications/{application_id}",
    response=ApplicationDetailOut,
    auth=STAFF_AUTH,
    summary="One funding application",
)
def get_application(request: HttpRequest, application_id: Id) -> dict[str, Any]:
    """The application with its staffing plan, the grant per year (money as strings with two
    decimals), the eligibility checks and the mandatory items still missing."""
    user = request.auth  # type: ignore[attr-defined]
    a = get_object_or_404(
        access.applications_visible_to(user).prefetch_related("positions"), pk=application_id
    )
    results = computation.compute(a)
    return {
        "id": a.pk,
        "centre_id": a.centre_id,
        "centre": a.centre.name,
        "first_year": a.first_year,
        "last_year": a.last_year,
        "status": a.status,
        "submitted_at": a.submitted_at,
        "updated_at": a.updated_at,
        "lock_version": a.lock_version,
        "concept_id": a.concept_id,
        "council_resolution_date": _date(a.council_resolution_date),
        "teachers_requested": a.teachers_requested,
        "interpreter_pool_cost": money.plain(a.interpreter_pool_cost),
        "own_contribution": {
            "rooms": money.plain(a.own_rooms),
            "administration": money.plain(a.own_administration),
            "materials": money.plain(a.own_materials),
            "project_funds": money.plain(a.own_project_funds),
            "total": money.plain(a.own_contribution_total),
        },
        "work_plan_education": a.work_plan_education,
        "work_plan_cross_cutting": a.work_plan_cross_cutting,
        "positions": [
            {
                "order": p.order,
                "title": p.title,
                "category": p.category,
                "fte": f"{p.fte:.2f}",
                "start_date": _date(p.start_date),
                "end_date": _date(p.end_date),
                "annual_cost": money.plain(p.annual_cost),
            }
            for p in a.positions.all()
        ],
        "years": [
            {
                "year": r.year,
                "guideline": r.guideline.code if r.guideline else None,
                "total": money.plain(r.total),
                "personnel": money.plain(r.result.personnel if r.result else Decimal(0)),
                "interpreter_pool": money.plain(
                    r.result.interpreter_pool if r.result else Decimal(0)
                ),
                "teachers": r.result.teachers.positions if r.result else 0,
                "lines": [
                    {"label": li.label, "amount": money.plain(li.amount), "citation": li.citation}
                    for li in (r.result.lines if r.result else ())
                ],
                "warnings": [w.message for w in (r.result.warnings if r.result else ())],
            }
            for r in results
        ],
        "total": money.plain(computation.total(results)),
        "checks": [
            {"code": c.code, "outcome": str(c.outcome), "reason": c.reason, "citation": c.citation}
            for c in computation.eligibility_checks(a, results)
        ],
        "missing": [
            {"code": code, "message": message} for code, message in missing_items(a, results)
        ],
    }

"""The numerical statement of a proof of use: pre-filled from the approved plan, read back as the
pure `checking.Statement`, and the figures beside the narrative report.

Reads only (the writes are in `use_services`). The approved plan is the application's staffing
plan as the decision in force granted it; the amount of the year is that decision's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from teilhabe.core.money import ZERO
from teilhabe.core.registry import registry
from teilhabe.funding import computation
from teilhabe.funding.decision_pdf import proof_of_use_due
from teilhabe.funding.models import (
    Application,
    Decision,
    DecisionKind,
    Guideline,
    Payment,
    PaymentStatus,
)

from . import checking
from .use_models import ProofOfUse, ProofPosition


def decision_in_force(application: Application) -> Decision | None:
    """The newest decision of `application` (as funding counts it); None without one."""
    return application.decisions.order_by("-issued_at", "-pk").first()


def is_granting(decision: Decision | None) -> bool:
    return decision is not None and decision.kind != DecisionKind.REJECTION


def planned_positions(application: Application, year: int) -> list[ProofPosition]:
    """The approved staffing plan of `year`, unsaved, with the actual figures pre-filled as
    planned: FTE, the months filled in the year, the plan's cost for those months."""
    rows = []
    for p in application.positions.order_by("order"):
        months = p.months_in(year)
        rows.append(
            ProofPosition(
                order=p.order,
                title=p.title,
                category=p.category,
                planned_fte=p.fte,
                planned_months=months,
                planned_annual_cost=p.annual_cost,
                actual_fte=p.fte,
                months_filled=months,
                actual_cost=checking.plan_cost(p.annual_cost, months),
            )
        )
    return rows


def paid_in(application: Application, year: int) -> Decimal:
    """The payments released to the KI for `year` (what it received)."""
    total = Payment.objects.filter(
        application=application, fiscal_year=year, status=PaymentStatus.RELEASED
    ).aggregate(total=Sum("amount"))["total"]
    return total if total is not None else ZERO


def guideline_of(decision: Decision, year: int) -> Guideline | None:
    """The guideline version the decision computed `year` with (its snapshot names it); else
    the version in force on 1 January of the year, as the calculator chose it."""
    code = (decision.computation or {}).get(str(year), {}).get("guideline")
    if code:
        found = Guideline.objects.filter(code=code).prefetch_related("position_groups").first()
        if found is not None:
            return found
    return computation.guideline_for_year(year)


def as_statement(
    proof: ProofOfUse, positions: Iterable[ProofPosition] | None = None, *, paid: Decimal
) -> checking.Statement:
    rows = proof.positions.order_by("order") if positions is None else positions
    return checking.Statement(
        year=proof.year,
        positions=tuple(
            checking.ActualPosition(
                category=p.category,
                planned_fte=p.planned_fte,
                planned_months=p.planned_months,
                planned_annual_cost=p.planned_annual_cost,
                actual_fte=p.actual_fte,
                months_filled=p.months_filled,
                actual_cost=p.actual_cost,
            )
            for p in rows
        ),
        interpreter_pool_planned=proof.interpreter_pool_planned,
        interpreter_pool_actual=proof.interpreter_pool_actual,
        teachers_planned=proof.teachers_planned,
        teachers_actual=proof.teachers_actual,
        granted=proof.granted,
        paid=paid,
    )


@dataclass(frozen=True)
class Evaluation:
    """The simple check and the eligible amount of one proof of use, as of now."""

    statement: checking.Statement
    flags: list[checking.Flag]
    eligible: checking.Eligible | None  # None: no guideline version for the year
    guideline: Guideline | None


def evaluate(proof: ProofOfUse, *, ineligible: Decimal = ZERO) -> Evaluation:
    paid = paid_in(proof.application, proof.year)
    statement = as_statement(proof, paid=paid)
    guideline = guideline_of(proof.decision, proof.year)
    eligible = (
        checking.eligible_amount(
            statement, guideline.to_data(), proof.centre.grantee.kind, ineligible=ineligible
        )
        if guideline is not None
        else None
    )
    return Evaluation(statement, checking.simple_check(statement), eligible, guideline)


def controlling_figures(centre_id: int, year: int) -> list[dict[str, Any]]:
    """The figures programme controlling counts for the KI in `year` (one query each), for the
    narrative report to show beside the text."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = []
    for figure in registry.figures():
        value = figure.read(start, end, [centre_id]).get(centre_id, 0)
        rows.append(
            {"code": figure.code, "label": figure.label, "unit": figure.unit, "value": value}
        )
    return rows


def due_to_start(centre_id: int | None, proofs: Iterable[ProofOfUse]) -> list[dict[str, Any]]:
    """For the KI: each funding year of a granting decision in force whose proof is not started,
    once the year has ended (two queries)."""
    if centre_id is None:
        return []
    started = {(p.application_id, p.year) for p in proofs}
    today = timezone.localdate()
    rows = []
    decisions = (
        Decision.objects.filter(application__centre_id=centre_id)
        .exclude(kind="rejection")
        .select_related("application")
        .order_by("application_id", "-issued_at", "-pk")
    )
    seen: set[int] = set()
    for decision in decisions:
        if decision.application_id in seen:
            continue  # the newest decision of each application is the one in force
        seen.add(decision.application_id)
        for year in decision.application.years:
            if (decision.application_id, year) not in started and year < today.year:
                due = proof_of_use_due(year)
                rows.append(
                    {"decision": decision, "year": year, "due": due, "overdue": due < today}
                )
    return rows

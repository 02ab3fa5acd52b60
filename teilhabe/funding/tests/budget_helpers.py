"""Rows for the budget and payment tests: an approved application whose grant is committed."""

from __future__ import annotations

from decimal import Decimal

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.core.roles import Role
from teilhabe.funding.models import Application, BudgetLine, Decision, Payment, PaymentStatus
from teilhabe.funding.services import budget

from . import factories


def granted(
    centre: Centre,
    *,
    officer: User,
    approver: User,
    amounts: dict[str, str] | None = None,
    line: BudgetLine | None = None,
) -> tuple[Application, Decision]:
    """An approved application of `centre` with a decision committed to the year's line."""
    amounts = amounts or {"2026": "170000.00"}
    years = sorted(int(y) for y in amounts)
    if line is None:
        for year in years:
            if not BudgetLine.objects.filter(fiscal_year=year).exists():
                factories.budget_line(year, "20000000.00")
    app = factories.application(
        centre, year=years[0], last_year=years[-1], status="proposed", with_concept=False
    )
    decision = factories.decision(app, proposed_by=officer, signed_by=approver, amounts=amounts)
    budget.commit_decision(decision, by=approver)
    app.refresh_from_db()
    return app, decision


def amend(
    app: Application, previous: Decision, *, officer: User, approver: User, amounts: dict[str, str]
) -> Decision:
    decision = factories.decision(
        app,
        proposed_by=officer,
        signed_by=approver,
        amounts=amounts,
        amends=previous,
        kind="amendment",
    )
    budget.commit_decision(decision, by=approver)
    return decision


def matrix_payment(centre: Centre, lead: User) -> Payment:
    """A requested payment of `centre` for the URL matrix (its own signatories, no personas)."""
    officer, _ = User.objects.get_or_create(
        username="matrix-officer", defaults={"role": Role.GRANT_OFFICER}
    )
    approver, _ = User.objects.get_or_create(
        username="matrix-approver", defaults={"role": Role.GRANT_APPROVER}
    )
    app, decision = granted(
        centre, officer=officer, approver=approver, amounts={"2025": "170000.00"}
    )
    return Payment.objects.create(
        application=app,
        decision=decision,
        fiscal_year=2025,
        amount=Decimal("40000.00"),
        requested_by=lead,
        status=PaymentStatus.REQUESTED,
    )


def matrix_objects(lead: User, centre: Centre) -> dict[str, dict[str, object]]:
    """URL arguments of the budget, payment and guideline routes for the URL matrix."""
    from teilhabe.funding.models import Guideline

    payment = matrix_payment(centre, lead)
    line = BudgetLine.objects.get(fiscal_year=2025)
    return {
        "funding:budget_line": {"pk": line.pk},
        "funding:payments": {"pk": payment.application_id},
        "funding:payment_request": {"pk": payment.application_id},
        "funding:payment_release": {"pk": payment.pk},
        "funding:payment_refuse": {"pk": payment.pk},
        "funding:guideline": {"pk": Guideline.objects.get(code="2022").pk},
    }

"""Rows for the repayment tests: a granted decision of 2025 with a payment released, and a proof
of use 2025 checked as a signed partial revocation for the repayment to follow from."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from teilhabe.accounts.models import User
from teilhabe.centres.models import Centre
from teilhabe.funding.models import BudgetLine, Decision, Payment, PaymentStatus
from teilhabe.funding.tests import budget_helpers

from ..repayment_models import Repayment
from ..repayment_services import propose_repayment
from ..use_models import ProofCheck


def verified(user: User) -> User:
    """`user` as after the second factor (django-otp's middleware sets `is_verified`)."""
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    return user


def paid_decision(
    centre: Centre, officer: User, approver: User, *, paid: str = "170000.00", on: date
) -> Decision:
    """A 2025 grant of 170.000 with `paid` released on `on` and charged to the 2025 line."""
    _app, decision = budget_helpers.granted(
        centre, officer=officer, approver=approver, amounts={"2025": "170000.00"}
    )
    line = BudgetLine.objects.get(fiscal_year=2025)
    released = timezone.make_aware(datetime(on.year, on.month, on.day, 10, 0))
    Payment.objects.create(
        application=decision.application,
        decision=decision,
        fiscal_year=2025,
        amount=Decimal(paid),
        requested_by=officer,
        status=PaymentStatus.RELEASED,
        decided_by=officer,
        decided_at=released,
        budget_line=line,
    )
    BudgetLine.objects.filter(pk=line.pk).update(paid=Decimal(paid))
    return decision


def proposed(decision: Decision, officer: User, **kwargs: Any) -> Repayment:
    values: dict[str, Any] = {
        "fiscal_year": 2025,
        "eligible": "157500.00",
        "ineffective_on": date(2025, 3, 15),
        "reasons": "Eine Stelle war drei Monate unbesetzt.",
    }
    values.update(kwargs)
    return propose_repayment(decision, by=officer, **values)


def revoked_check(centre: Centre, lead: User, *, paid_in_full: bool = True) -> ProofCheck:
    """KI `centre`'s proof of use 2025 checked as a partial revocation signed by the approver:
    the head vacant from October (eligible 188.500 - 14.250 = 174.250,00 EUR). `paid_in_full`:
    the whole grant released (the default 100.000 of the factory plus 88.500 on 10.02.2025),
    so 14.250,00 EUR are repayable; else only the 100.000, and nothing is."""
    from unittest import mock

    from teilhabe.funding.tests.factories import budget_line, pdf_bytes

    from .. import check_pdf
    from .. import use_services as uses
    from . import use_factories

    officer, approver = use_factories.authority()
    decision = use_factories.granted(centre)
    line = BudgetLine.objects.filter(fiscal_year=2025).first() or budget_line(2025)
    released = timezone.make_aware(datetime(2025, 2, 10, 10, 0))
    Payment.objects.filter(decision=decision).update(decided_at=released, budget_line=line)
    if paid_in_full:
        Payment.objects.create(
            application=decision.application,
            decision=decision,
            fiscal_year=2025,
            amount=decision.amount_for(2025) - Decimal("100000.00"),
            requested_by=officer,
            status=PaymentStatus.RELEASED,
            decided_by=officer,
            decided_at=released,
            budget_line=line,
        )
    proof = uses.start_proof(decision, by=lead, year=2025)
    proof = use_factories.vacant(proof, lead)
    proof = uses.save_report(
        proof,
        by=lead,
        **use_factories.REPORT,
        condition_answers=use_factories.answers(proof),
        expected_version=proof.lock_version,
    )
    proof = uses.submit_proof(proof, by=lead, signed=True)
    check = uses.start_check(proof, by=officer)
    with mock.patch.object(check_pdf, "render", return_value=pdf_bytes()):
        check = uses.conclude_check(
            check, by=officer, reasons="Leitung ab Oktober unbesetzt.", expected_version=1
        )
        return uses.sign_revocation(check, by=approver)

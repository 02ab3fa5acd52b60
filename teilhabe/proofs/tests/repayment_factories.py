"""Rows for the repayment tests: a granted decision of 2025 with a payment released."""

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

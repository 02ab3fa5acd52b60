"""What the repayment decisions add to the shared pages: start-page tasks (the approver's
repayments to sign, the officer's overdue receivables), the section on a funding decision's page
(its years' proofs of use and repayments, `decision_panel.py`), the audit actions, the demo."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teilhabe.core.registry import Registry, Todo
from teilhabe.core.roles import AnyUser
from teilhabe.funding import access as funding_access

from . import access
from .repayment_models import Repayment, RepaymentStatus

LIMIT = 20  # tasks of one kind on the start page; the list has them all


def repayment_todos(user: AnyUser) -> list[Todo]:
    """Approver: each proposal awaiting the second signature. Officer: each signed repayment
    whose receivable is open past its due date. One query each."""
    todos = []
    if funding_access.may_sign_decision(user):
        for row in Repayment.objects.filter(status=RepaymentStatus.PROPOSED).order_by(
            "proposed_at"
        )[:LIMIT]:
            todos.append(
                Todo(
                    _("Sign the repayment decision %(number)s") % {"number": row.number},
                    reverse("proofs:repayment_sign", args=[row.pk]),
                )
            )
    if access.may_propose_repayment(user):
        today = timezone.localdate()
        overdue = (
            Repayment.objects.filter(status=RepaymentStatus.SIGNED, receivable__due_date__lt=today)
            .exclude(receivable__status="settled")
            .select_related("receivable")
            .order_by("receivable__due_date")[:LIMIT]
        )
        for row in overdue:
            assert row.receivable is not None
            todos.append(
                Todo(
                    _("Repayment %(number)s is overdue: record the receipt or remind the KI")
                    % {"number": row.number},
                    row.get_absolute_url(),
                    due=row.receivable.due_date,
                    overdue=True,
                )
            )
    return todos


def _demo() -> list[str]:
    from .demo_repayment import seed_repayment_demo

    return seed_repayment_demo()


def _decision_panel(user: AnyUser, decision: Any) -> Mapping[str, Any] | None:
    from .decision_panel import decision_panel

    return decision_panel(user, decision)


def register(registry: Registry) -> None:
    from .decision_panel import TEMPLATE

    registry.todos("proofs-repayments", repayment_todos)
    # The proofs of use and repayments of each funding year, on the decision's page.
    registry.decision_panel("proofs", order=20, template=TEMPLATE, context=_decision_panel)
    registry.demo("proofs-repayment", _demo, after=["proofs"])  # from the proofs demo's check
    registry.audit_actions(
        "proofs-repayments",
        {
            "repayment.proposed": gettext_lazy("repayment decision proposed"),
            "repayment.returned": gettext_lazy("repayment decision returned"),
            "repayment.signed": gettext_lazy("repayment decision signed"),
        },
    )

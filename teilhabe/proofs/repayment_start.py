"""What the repayment decisions add to the shared pages: start-page tasks (the approver's
repayments to sign, the officer's overdue receivables), the section on a funding decision's page
(its years' proofs of use and repayments, `decision_panel.py`), the audit actions, the demo."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from teilhabe.core.registry import Registry, Step, Todo
from teilhabe.core.roles import AnyUser
from teilhabe.funding import access as funding_access

from . import access
from .repayment_models import Repayment, RepaymentStatus
from .use_models import CheckResult, CheckStatus, ProofCheck

LIMIT = 20  # tasks of one kind on the start page; the list has them all


def awaiting_repayment(limit: int = 200) -> list[ProofCheck]:
    """The checks concluded as a signed partial revocation with something to repay and no live
    repayment yet (none, or only returned ones): where the officer's next repayment starts.
    One query, oldest decision first."""
    live = Repayment.objects.live().filter(proof_check=OuterRef("pk"))
    return list(
        ProofCheck.objects.filter(
            status=CheckStatus.DONE,
            result=CheckResult.PARTIAL_REVOCATION,
            paid_amount__gt=F("eligible_amount"),
        )
        .exclude(Exists(live))
        .select_related("proof__centre", "proof__decision")
        .order_by("decided_at", "pk")[:limit]
    )


def propose_url(check: ProofCheck) -> str:
    """The repayment form started from the check (its year, amount and reasons)."""
    return reverse("proofs:repayment_new", args=[check.proof.decision_id]) + f"?check={check.pk}"


def repayment_todos(user: AnyUser) -> list[Todo]:
    """Approver: each proposal awaiting the second signature. Officer: each signed repayment
    whose receivable is open past its due date. One query each. (The checks still awaiting a
    repayment are the officer's card, `repayment_cards`.)"""
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


def repayment_cards(user: AnyUser | None) -> list[Step]:
    """The grant officer's way to the repayment decisions from the start page, with the number of
    signed partial revocations still awaiting one (one query); the list proposes each."""
    if user is None or not access.may_propose_repayment(user):
        return []
    waiting = len(awaiting_repayment(LIMIT))
    return [
        Step(
            _("Repayment decisions"),
            ngettext(
                "%(n)d signed partial revocation waits for its repayment decision.",
                "%(n)d signed partial revocations wait for their repayment decision.",
                waiting,
            )
            % {"n": waiting}
            if waiting
            else _("The repayment decisions with their interest and the receipts of the KIs."),
            reverse("proofs:repayments"),
            _("Open the repayment decisions"),
        )
    ]


def _demo() -> list[str]:
    from .demo_repayment import seed_repayment_demo

    return seed_repayment_demo()


def _decision_panel(user: AnyUser, decision: Any) -> Mapping[str, Any] | None:
    from .decision_panel import decision_panel

    return decision_panel(user, decision)


def register(registry: Registry) -> None:
    from .decision_panel import TEMPLATE

    registry.todos("proofs-repayments", repayment_todos)
    registry.start_cards("proofs-repayments", 43, repayment_cards)
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
